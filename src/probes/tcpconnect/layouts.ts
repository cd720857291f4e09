// Every layout of the stock connect tools: BCC and libbpf-tools tcpconnect and tcpconnlat with their flags, and tcpconnect.bt.
import type { Implementation } from '../../events/index.js';
import { left } from '../../core/printf.js';

export type ConnectTool = 'tcpconnect' | 'tcpconnlat' | 'tcpconnect.bt';

export interface ConnectShape {
  impl: Implementation;
  tool: ConnectTool;
  /** -t: seconds since the first event, "%-9.3f" (libbpf tcpconnlat adds a space after it). */
  timestamp: boolean;
  /** tcpconnect -U: a UID column, "%-6d" with no space after it. */
  uid: boolean;
  /** The local port: libbpf tcpconnect -s (SPORT after DADDR), BCC -L and libbpf tcpconnlat -L (LPORT before DADDR), always in tcpconnect.bt. */
  localPort: boolean;
  /** tcpconnect.bt's address columns: 39 wide (bpftrace 0.17+) or 14 (older). */
  addrWidth: 16 | 39 | 14;
  /** BCC tcpconnect before its PID column was widened to 7: "%-6d", as its example file still shows. */
  narrowPid: boolean;
  versions: string;
}

/** What the shape means for a row's columns. */
export interface RowColumns {
  /** tcpconnect.bt: "HH:MM:SS " first. */
  clock: boolean;
  /** A space after the -t column. */
  timestampSpace: boolean;
  pidWidth: number;
  commWidth: number;
  /** BCC and libbpf print the family in an IP column after COMM; tcpconnect.bt does not. */
  ipColumn: boolean;
  /** The local port's column comes after DADDR (libbpf tcpconnect -s), not after SADDR. */
  localPortLast: boolean;
  /** tcpconnlat: LAT(ms) last, "%.2f". */
  latency: boolean;
}

export function rowColumns(s: ConnectShape): RowColumns {
  const bt = s.impl === 'bpftrace';
  return {
    clock: bt,
    timestampSpace: s.impl === 'libbpf' && s.tool === 'tcpconnlat',
    pidWidth: bt ? 8 : s.impl === 'libbpf' || s.narrowPid ? 6 : 7,
    commWidth: bt ? 16 : 12,
    ipColumn: !bt,
    localPortLast: s.impl === 'libbpf' && s.tool === 'tcpconnect',
    latency: s.tool === 'tcpconnlat',
  };
}

/** The header exactly as each tool prints it, from its own format strings (right-trimmed, as the parser compares headers). */
export function connectHeader(s: ConnectShape): string {
  if (s.impl === 'bpftrace') {
    const w = s.addrWidth;
    return `${left('TIME', 8)} ${left('PID', 8)} ${left('COMM', 16)} ${left('SADDR', w)} ${left('SPORT', 6)} ${left('DADDR', w)} ${left('DPORT', 6)}`.trimEnd();
  }
  const c = rowColumns(s);
  let line = s.timestamp ? left('TIME(s)', 9) + (c.timestampSpace ? ' ' : '') : '';
  if (s.uid) line += left('UID', 6);
  line += `${left('PID', c.pidWidth)} ${left('COMM', 12)} ${left('IP', 2)} ${left('SADDR', 16)}`;
  const dportWidth = s.impl === 'bcc' && s.tool === 'tcpconnect' ? 6 : 5;
  if (s.localPort && !c.localPortLast) line += ` ${left('LPORT', 6)}`;
  line += ` ${left('DADDR', 16)}`;
  if (s.localPort && c.localPortLast) line += ` ${left('SPORT', 5)}`;
  line += ` ${left('DPORT', dportWidth)}`;
  if (c.latency) line += ' LAT(ms)';
  return line.trimEnd();
}

/** bcc-tcpconnect-tUL, bcc-tcpconnect-p6-t, libbpf-tcpconnlat, bt, bt-w14. */
export function connectLayoutName(s: ConnectShape): string {
  if (s.impl === 'bpftrace') return s.addrWidth === 39 ? 'bt' : `bt-w${s.addrWidth}`;
  const localFlag = s.impl === 'libbpf' && s.tool === 'tcpconnect' ? 's' : 'L';
  const flags = (s.timestamp ? 't' : '') + (s.uid ? 'U' : '') + (s.localPort ? localFlag : '');
  return `${s.impl}-${s.tool}${s.narrowPid ? '-p6' : ''}${flags ? '-' + flags : ''}`;
}

function* shapes(): Generator<ConnectShape> {
  const base = { uid: false, addrWidth: 16, narrowPid: false } as const;
  for (const impl of ['libbpf', 'bcc'] as const) {
    for (const timestamp of [false, true])
      for (const uid of [false, true])
        for (const localPort of [false, true]) yield { ...base, impl, tool: 'tcpconnect', timestamp, uid, localPort, versions: '0.26+' };
    for (const timestamp of [false, true])
      for (const localPort of [false, true]) yield { ...base, impl, tool: 'tcpconnlat', timestamp, localPort, versions: '0.26+' };
  }
  // After the current ones: without a header, a row of a 7-wide PID column also fits a 6-wide one.
  for (const timestamp of [false, true])
    for (const uid of [false, true])
      for (const localPort of [false, true])
        yield { ...base, impl: 'bcc', tool: 'tcpconnect', timestamp, uid, localPort, narrowPid: true, versions: 'older (its example file)' };
  yield { ...base, impl: 'bpftrace', tool: 'tcpconnect.bt', timestamp: false, localPort: true, addrWidth: 39, versions: '0.17+' };
  yield { ...base, impl: 'bpftrace', tool: 'tcpconnect.bt', timestamp: false, localPort: true, addrWidth: 14, versions: 'before 0.17' };
}

export const connectShapes: readonly ConnectShape[] = [...shapes()];
