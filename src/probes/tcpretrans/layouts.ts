// Every tcpretrans layout: bcc (default, -s, -c) and tcpretrans.bt, with the headers they print.
import type { Implementation } from '../../events/index.js';
import { left, right } from '../../core/printf.js';

export type TcpretransRowKind = 'event' | 'event-seq' | 'count' | 'bt';

export interface TcpretransShape {
  name: string;
  impl: Implementation;
  tool: string;
  row: TcpretransRowKind;
  /** The header line as the newest version prints it (older ones differ only in widths). */
  header: string;
  versions: string;
  /** The layout is known from the source only: no upstream example shows this exact output. */
}

/** bcc: "%-8s %-7s %-2s %-20s %1s> %-20s" (PID was %-6s before 0.25), then " %-4s" or " %-12s %-10s". */
const bccPrefix = `${left('TIME', 8)} ${left('PID', 7)} ${left('IP', 2)} ${left('LADDR:LPORT', 20)} T> ${left('RADDR:RPORT', 20)}`;

export const tcpretransShapes: readonly TcpretransShape[] = [
  {
    name: 'bcc',
    impl: 'bcc',
    tool: 'tcpretrans',
    row: 'event',
    header: `${bccPrefix} ${left('STATE', 4)}`,
    versions: 'all (also -l, -4, -6; PID 6 wide before 0.25)',
  },
  {
    name: 'bcc-seq',
    impl: 'bcc',
    tool: 'tcpretrans',
    row: 'event-seq',
    header: `${bccPrefix} ${left('STATE', 12)} ${left('SEQ', 10)}`,
    versions: 'all, -s (also with -l, -4, -6)',
  },
  {
    name: 'bcc-count',
    impl: 'bcc',
    tool: 'tcpretrans',
    row: 'count',
    header: `${left('LADDR:LPORT', 25)} ${left('RADDR:RPORT', 25)} ${left('RETRANSMITS', 10)}`,
    versions: 'all, -c (table printed on Ctrl-C)',
  },
  {
    name: 'bt',
    impl: 'bpftrace',
    tool: 'tcpretrans.bt',
    row: 'bt',
    header: `${left('TIME', 8)} ${left('PID', 8)} ${right('LADDR:LPORT', 20)} ${right('RADDR:RPORT', 21)} ${right('STATE', 6)}`,
    versions: '0.17 and newer',
  },
];

/** The header's words: widths differ between versions (and overflow), the words do not. */
export const headerWords = (line: string): string => line.trim().split(/ +/).join(' ');
