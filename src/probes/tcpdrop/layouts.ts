// Every tcpdrop layout: bcc 0.34 and newer (REASON), bcc 0.26 (Debian) and tcpdrop.bt, with their headers.
import type { Implementation } from '../../events/index.js';
import { left } from '../../core/printf.js';

export type TcpdropRowKind = 'bcc' | 'bcc-0.26' | 'bt';

export interface TcpdropShape {
  name: string;
  impl: Implementation;
  tool: string;
  row: TcpdropRowKind;
  /** The header line as the tool prints it. */
  header: string;
  versions: string;
  /** Each row is followed by a stack block. In bpftrace it opens with an empty line (kstack). */
  blankBeforeFrames: boolean;
  /** The layout is known from the source only: no upstream example shows this exact output. */
}

/** bcc: "%-8s %-7s %-2s %-20s > %-20s" then the state columns. */
const bccPrefix = `${left('TIME', 8)} ${left('PID', 7)} ${left('IP', 2)} ${left('SADDR:SPORT', 20)} > ${left('DADDR:DPORT', 20)}`;

export const tcpdropShapes: readonly TcpdropShape[] = [
  {
    name: 'bcc',
    impl: 'bcc',
    tool: 'tcpdrop',
    row: 'bcc',
    header: `${bccPrefix} ${left('STATE (FLAGS)', 20)} REASON (CODE)`,
    versions: '0.34 and newer (SADDR is the packet source)',
    blankBeforeFrames: false,
  },
  {
    name: 'bcc-0.26',
    impl: 'bcc',
    tool: 'tcpdrop',
    row: 'bcc-0.26',
    header: `${bccPrefix} STATE (FLAGS)`,
    versions: '0.26-0.33 (Debian bookworm; SADDR is the packet source)',
    blankBeforeFrames: false,
  },
  {
    name: 'bt',
    impl: 'bpftrace',
    tool: 'tcpdrop.bt',
    row: 'bt',
    header: `${left('TIME', 8)} ${left('PID', 8)} ${left('COMM', 16)} ${left('SADDR:SPORT', 21)} ${left('DADDR:DPORT', 21)} ${left('STATE', 8)}`,
    versions: '0.17 and newer (SADDR is the local socket address)',
    blankBeforeFrames: true,
  },
];

/** The header's words: widths may differ and overflow, the words do not. */
export const headerWords = (line: string): string => line.trim().split(/ +/).join(' ');
