// How a flow, its owner and its drop reasons read as text: one form for the summary, the runbooks' keys and their reports.
import type { FlowKey, FlowRow } from './flow-row.js';

/** addr:port, with an IPv6 address in brackets so that its colons do not run into the port's. */
const endpointText = (addr: string, port: number): string => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

export const flowText = (f: FlowKey): string => `${endpointText(f.laddr, f.lport)} → ${endpointText(f.raddr, f.rport)}`;

/** "pid comm", either part alone when only it is known, "-" for neither. */
export const ownerText = (r: { pid?: number; comm?: string }): string => [r.pid, r.comm].filter((x) => x !== undefined).join(' ') || '-';

/** "REASON n, REASON n", the most frequent first. */
export const dropReasonsText = (r: Pick<FlowRow, 'drops_by_reason'>): string =>
  Object.entries(r.drops_by_reason)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${n}`)
    .join(', ');
