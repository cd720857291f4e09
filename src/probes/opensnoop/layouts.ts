// Every opensnoop layout: bcc (0.26 and newer), libbpf-tools (0.26 and newer) and opensnoop.bt.
import type { Implementation } from '../../events/index.js';
import { left, right } from '../../core/printf.js';

export interface OpensnoopShape {
  impl: Implementation;
  /** -T: bcc prints seconds since the first event (%-14.9f, no separator); libbpf prints HH:MM:SS. */
  time: boolean;
  /** -U: bcc %-6d with no separator; libbpf %-7d and a space. */
  uid: boolean;
  /** -t (bcc only): the column is TID and holds the thread id. */
  tid: boolean;
  /** -e: FLAGS only (0.26), or FLAGS and MODE (0.34 and newer). */
  extended: 'none' | 'flags' | 'flags-mode';
  /** COMM is %-16s everywhere but in early bcc (%-8s, as its example file shows). */
  commWidth: 8 | 16;
  /** FD is %4d in bcc and bpftrace, %3d in libbpf and early bcc. */
  fdWidth: 3 | 4;
  /** opensnoop.bt since 0.26 labels ERR with %4s while rows keep %3d. */
  errHeaderWidth: 3 | 4;
  /** Version range, for docs and the layout list. */
  versions: string;
}

export function opensnoopHeader(s: OpensnoopShape): string {
  let h = '';
  if (s.impl === 'libbpf') {
    if (s.time) h += left('TIME', 8) + ' ';
    if (s.uid) h += left('UID', 7) + ' ';
  } else {
    if (s.time) h += left('TIME(s)', 14);
    if (s.uid) h += left('UID', 6);
  }
  h += `${left(s.tid ? 'TID' : 'PID', 6)} ${left('COMM', s.commWidth)} ${right('FD', s.fdWidth)} ${right('ERR', s.errHeaderWidth)} `;
  if (s.extended === 'flags') h += s.impl === 'libbpf' ? left('FLAGS', 8) + ' ' : left('FLAGS', 9);
  if (s.extended === 'flags-mode') h += s.impl === 'libbpf' ? `${left('FLAGS', 8)} ${left('MODE', 5)} ` : `${left('FLAGS', 8)} ${left('MODE', 4)} `;
  return h + 'PATH';
}

export function opensnoopLayoutName(s: OpensnoopShape): string {
  if (s.impl === 'bpftrace') return s.errHeaderWidth === 4 ? 'bt-0.26' : 'bt';
  if (s.commWidth === 8) return 'bcc-early';
  const flags = (s.time ? 'T' : '') + (s.uid ? 'U' : '') + (s.extended !== 'none' ? 'e' : '') + (s.tid ? 't' : '');
  return `${s.impl}${flags ? '-' + flags : ''}${s.extended === 'flags-mode' ? '-mode' : ''}`;
}

function* shapes(): Generator<OpensnoopShape> {
  for (const time of [false, true])
    for (const uid of [false, true])
      for (const extended of ['none', 'flags', 'flags-mode'] as const) {
        const versions = extended === 'flags' ? '0.26-0.33' : extended === 'flags-mode' ? '0.34+' : 'all';
        for (const tid of [false, true]) yield { impl: 'bcc', time, uid, tid, extended, commWidth: 16, fdWidth: 4, errHeaderWidth: 3, versions };
        yield { impl: 'libbpf', time, uid, tid: false, extended, commWidth: 16, fdWidth: 3, errHeaderWidth: 3, versions };
      }
  yield { impl: 'bpftrace', time: false, uid: false, tid: false, extended: 'none', commWidth: 16, fdWidth: 4, errHeaderWidth: 3, versions: '0.17-0.25' };
  yield { impl: 'bpftrace', time: false, uid: false, tid: false, extended: 'none', commWidth: 16, fdWidth: 4, errHeaderWidth: 4, versions: '0.26+' };
  yield { impl: 'bcc', time: false, uid: false, tid: false, extended: 'none', commWidth: 8, fdWidth: 3, errHeaderWidth: 3, versions: 'early (2015-2016)' };
}

export const opensnoopShapes: readonly OpensnoopShape[] = [...shapes()];
