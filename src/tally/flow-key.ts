// A flow's four-tuple as one string key (for bounded tallies) and back.
import type { FlowKey } from './flow-row.js';

export function flowKeyText(family: 4 | 6 | undefined, laddr: string, lport: number, raddr: string, rport: number): string {
  return `${family ?? ''} ${laddr} ${lport} ${raddr} ${rport}`;
}

export function flowKeyOf(text: string): FlowKey {
  const [family, laddr, lport, raddr, rport] = text.split(' ') as [string, string, string, string, string];
  const key: FlowKey = { laddr, lport: Number(lport), raddr, rport: Number(rport) };
  return family === '' ? key : { family: Number(family) as 4 | 6, ...key };
}

/** Distinct flows a tally keeps before the least are folded into "other". */
export const FLOW_CAPACITY = 4096;
