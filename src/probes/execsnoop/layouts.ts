// Every stock execsnoop layout: libbpf-tools and BCC with each flag that changes a row, early BCC, and execsnoop.bt old and new.
import { left, right } from '../../core/printf.js';
import type { Implementation } from '../../events/index.js';

export interface ExecsnoopShape {
  impl: Implementation;
  /** -T: HH:MM:SS (libbpf "%-8s ", BCC "%-9s"); newer execsnoop.bt prints HH:MM:SS.micro first. */
  time: boolean;
  /** -t: seconds since start, "%-8.3f" with no separator in both. */
  timestamp: boolean;
  /** -U: "%-6d" with no separator in both (libbpf's header says "%-6s ", one column wider than its rows). */
  uid: boolean;
  /** -q: every argument in double quotes, inner quotes as \" (libbpf also writes tab and newline as \t, \n). */
  quote: boolean;
  /** The header's first column: PCOMM, or COMM in early BCC. */
  commLabel: 'PCOMM' | 'COMM';
  /** PID and PPID widths: libbpf and early BCC 6, BCC 0.26 7, execsnoop.bt 5 (0.17) or 7. */
  pidWidth: number;
  /** A PPID column (not in early BCC nor execsnoop.bt 0.17). */
  ppid: boolean;
  /** execsnoop.bt 0.17: TIME(ms), elapsed milliseconds since bpftrace started, "%-10u". */
  elapsedMs: boolean;
  /** Version range, for docs and the layout list. */
  versions: string;
}

export function execsnoopHeader(s: ExecsnoopShape): string {
  if (s.impl === 'bpftrace')
    return s.elapsedMs ? `${left('TIME(ms)', 10)} ${left('PID', 5)} ARGS` : `${left('TIME', 15)} ${left('PID', 7)} ${left('PPID', 7)} ARGS`;
  let h = '';
  if (s.time) h += left('TIME', 9);
  if (s.timestamp) h += s.impl === 'libbpf' ? left('TIME(s)', 8) + ' ' : left('TIME(s)', 8);
  if (s.uid) h += s.impl === 'libbpf' ? left('UID', 6) + ' ' : left('UID', 6);
  h += `${left(s.commLabel, 16)} ${left('PID', s.pidWidth)} `;
  if (s.ppid) h += `${left('PPID', s.pidWidth)} `;
  return `${h}${right('RET', 3)} ARGS`;
}

export function execsnoopLayoutName(s: ExecsnoopShape): string {
  if (s.impl === 'bpftrace') return s.elapsedMs ? 'bt' : 'bt-ppid';
  const flags = (s.time ? 'T' : '') + (s.timestamp ? 't' : '') + (s.uid ? 'U' : '') + (s.quote ? 'q' : '');
  const base = s.commLabel === 'COMM' ? (s.ppid ? 'bcc-early-ppid' : 'bcc-early') : s.impl;
  return flags ? `${base}-${flags}` : base;
}

function* shapes(): Generator<ExecsnoopShape> {
  const base = { commLabel: 'PCOMM', ppid: true, elapsedMs: false } as const;
  for (const time of [false, true])
    for (const timestamp of [false, true])
      for (const uid of [false, true])
        for (const quote of [false, true]) {
          yield { ...base, impl: 'libbpf', time, timestamp, uid, quote, pidWidth: 6, versions: '0.26+' };
          yield { ...base, impl: 'bcc', time, timestamp, uid, quote, pidWidth: 7, versions: '0.26+' };
        }
  const early = { impl: 'bcc', time: false, timestamp: false, quote: false, commLabel: 'COMM', pidWidth: 6, elapsedMs: false } as const;
  yield { ...early, uid: false, ppid: false, versions: 'early (2016-2019)' };
  yield { ...early, uid: false, ppid: true, versions: 'early (2019-2022)' };
  yield { ...early, uid: true, ppid: true, versions: 'early (2019-2022)' };
  const bt = { impl: 'bpftrace', time: false, timestamp: false, uid: false, quote: false, commLabel: 'PCOMM' } as const;
  yield { ...bt, pidWidth: 5, ppid: false, elapsedMs: true, versions: '0.17-0.20' };
  yield { ...bt, time: true, pidWidth: 7, ppid: true, elapsedMs: false, versions: 'newer (the upstream example of 2025)' };
}

export const execsnoopShapes: readonly ExecsnoopShape[] = [...shapes()];
