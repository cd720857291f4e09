// The caps on unbounded label values: how many distinct values of each kind get a series of their own (the rest fold into "other").
export interface LabelCaps {
  /** TCP 4-tuples (laddr, lport, raddr, rport) of the retransmit counter. */
  flows: number;
  /** Process names (comm) of the session and open counters. */
  comms: number;
  /** Drop reasons. */
  reasons: number;
  /** errno values of failed opens. */
  errnos: number;
  /** Interfaces of the XDP counters. */
  ifaces: number;
  /** System call names of the syscall counters. */
  syscalls: number;
  /** Block devices of the I/O latency series. */
  devices: number;
  /** Process ids of the memory gauges and counters (one under --pid, any number under --all). */
  pids: number;
}

export const defaultLabelCaps: LabelCaps = { flows: 100, comms: 50, reasons: 64, errnos: 32, ifaces: 16, syscalls: 64, devices: 16, pids: 50 };
