// Every tcplife layout: bcc (tables and CSV, -T/-t/-w), libbpf-tools (-T/-w) and tcplife.bt.
import type { Implementation } from '../../events/index.js';
import { left, right } from '../../core/printf.js';

export interface TcplifeShape {
  impl: Implementation;
  /** bcc -s: comma separated, with an IP column, COMM not truncated; -w is ignored. */
  csv: boolean;
  /** -T: HH:MM:SS first (bcc "%-8s " headed TIME; libbpf "%8s " headed TIME(s)). */
  time: boolean;
  /** -t (bcc only): seconds since the first printed event, "%-9.6f " headed TIME(s), after TIME. */
  timestamp: boolean;
  /** Address columns: 15 by default; -w makes them 26 (bcc 0.26-0.28, libbpf 0.26) or 39 (newer). */
  addrWidth: 15 | 26 | 39;
  /** Version range, for docs and the layout list. */
  versions: string;
}

/** What changes from one implementation's table to another's. */
export interface TableColumns {
  pidWidth: number;
  commWidth: number;
  /** bcc pads COMM to exactly commWidth code points ("%-10.10s" in Python); C pads bytes, at least. */
  commExact: boolean;
  /** bcc -w prints the family (4 or 6) in an IP column after COMM. */
  ipColumn: boolean;
  /** TX_KB and RX_KB: integers (bcc, bpftrace) or 2-decimal floats (libbpf). */
  kbDecimals: boolean;
  /** MS: 2-decimal float (bcc, libbpf) or integer (bpftrace). */
  msDecimals: boolean;
}

export function tableColumns(s: TcplifeShape): TableColumns {
  if (s.impl === 'libbpf') return { pidWidth: 7, commWidth: 16, commExact: false, ipColumn: false, kbDecimals: true, msDecimals: true };
  if (s.impl === 'bpftrace') return { pidWidth: 5, commWidth: 10, commExact: false, ipColumn: false, kbDecimals: false, msDecimals: false };
  const wide = s.addrWidth !== 15;
  return { pidWidth: 5, commWidth: wide ? 16 : 10, commExact: true, ipColumn: wide, kbDecimals: false, msDecimals: true };
}

export function tcplifeHeader(s: TcplifeShape): string {
  const w = s.addrWidth;
  if (s.csv) {
    const names = ['PID', 'COMM', 'IP', 'LADDR', 'LPORT', 'RADDR', 'RPORT', 'TX_KB', 'RX_KB', 'MS'];
    if (s.timestamp) names.unshift('TIME(s)');
    if (s.time) names.unshift('TIME');
    return names.join(',');
  }
  if (s.impl === 'libbpf') {
    const prefix = s.time ? left('TIME(s)', 8) + ' ' : '';
    return `${prefix}${left('PID', 7)} ${left('COMM', 16)} ${left('LADDR', w)} ${left('LPORT', 5)} ${left('RADDR', w)} ${left('RPORT', 5)} ${left('TX_KB', 6)} ${left('RX_KB', 6)} MS`;
  }
  const prefix = (s.time ? left('TIME', 8) + ' ' : '') + (s.timestamp ? left('TIME(s)', 9) + ' ' : '');
  if (s.impl === 'bcc' && w !== 15) {
    return `${prefix}${left('PID', 5)} ${left('COMM', 16)} ${left('IP', 2)} ${left('LADDR', w)} ${left('LPORT', 5)} ${left('RADDR', w)} ${left('RPORT', 5)} ${right('TX_KB', 6)} ${right('RX_KB', 6)} MS`;
  }
  // bcc default, and tcplife.bt, which prints the very same header.
  return `${prefix}${left('PID', 5)} ${left('COMM', 10)} ${left('LADDR', 15)} ${left('LPORT', 5)} ${left('RADDR', 15)} ${left('RPORT', 5)} ${right('TX_KB', 5)} ${right('RX_KB', 5)} MS`;
}

export function tcplifeLayoutName(s: TcplifeShape): string {
  if (s.impl === 'bpftrace') return 'bt';
  const flags = (s.csv ? 's' : '') + (s.time ? 'T' : '') + (s.timestamp ? 't' : '') + (!s.csv && s.addrWidth !== 15 ? `w${s.addrWidth}` : '');
  return `${s.impl}${flags ? '-' + flags : ''}`;
}

/**
 * The order matters where a row fits more than one layout, which only happens without a
 * header: wider address columns come first, since a row of 39-wide columns also satisfies
 * a 26-wide layout's minimum widths. bcc default stays first: it reports what comes before
 * any header.
 */
function* shapes(): Generator<TcplifeShape> {
  for (const time of [false, true])
    for (const timestamp of [false, true]) {
      yield { impl: 'bcc', csv: false, time, timestamp, addrWidth: 15, versions: 'all' };
      yield { impl: 'bcc', csv: false, time, timestamp, addrWidth: 39, versions: '0.29+' };
      yield { impl: 'bcc', csv: false, time, timestamp, addrWidth: 26, versions: '0.26-0.28' };
      yield { impl: 'bcc', csv: true, time, timestamp, addrWidth: 15, versions: 'all' };
    }
  for (const time of [false, true]) {
    yield { impl: 'libbpf', csv: false, time, timestamp: false, addrWidth: 39, versions: 'newer than 0.26' };
    yield { impl: 'libbpf', csv: false, time, timestamp: false, addrWidth: 26, versions: '0.26' };
    yield { impl: 'libbpf', csv: false, time, timestamp: false, addrWidth: 15, versions: 'all' };
  }
  yield { impl: 'bpftrace', csv: false, time: false, timestamp: false, addrWidth: 15, versions: '0.17+' };
}

export const tcplifeShapes: readonly TcplifeShape[] = [...shapes()];
