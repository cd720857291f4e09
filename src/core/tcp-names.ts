// Names of TCP states and header flags: kernel ABI numbers (include/net/tcp_states.h, the TCP header), the same on every kernel.

/** TCP_ESTABLISHED = 1 ... TCP_NEW_SYN_RECV = 12, TCP_BOUND_INACTIVE = 13 (6.7+); as bcc names them, without TCP_. */
const STATES = [
  '',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
  'BOUND_INACTIVE',
];

/** The state's name; a number this table does not know is kept as its decimal text (as bcc 0.36 prints it). */
export function tcpStateName(state: number): string {
  return STATES[state] || String(state);
}

/** The flag bits of TCP header byte 13, in the order bcc's flags2str() joins them. */
const FLAGS: [number, string][] = [
  [0x01, 'FIN'],
  [0x02, 'SYN'],
  [0x04, 'RST'],
  [0x08, 'PSH'],
  [0x10, 'ACK'],
  [0x20, 'URG'],
  [0x40, 'ECE'],
  [0x80, 'CWR'],
];

export function tcpFlagNames(byte: number): string[] {
  return FLAGS.filter(([bit]) => (byte & bit) !== 0).map(([, name]) => name);
}
