// Reads a SESSION line of probectl's tcplife.bt: addresses, ports, exact byte counts, lifetime in µs, the owning pid and comm.
import type { EventBody } from '../../events/index.js';
import { decodeEscapedBuf } from '../../core/escaped-buf.js';
import { addressField, familyField, integerField, portField, tabFields } from '../../core/tab-fields.js';

export const PROBECTL_SESSION_HEADER = 'PROBECTL tcplife v1';

/**
 * SESSION, family, laddr, lport, raddr, rport, tx bytes, rx bytes, lifetime µs, pid (0: unknown),
 * comm (%r). tx_kb and rx_kb are bytes / 1024 and duration_ms µs / 1000, not rounded. pid and comm
 * are left out when the program could not attribute the session (pid 0).
 */
export function parseProbectlSession(text: string): EventBody<'tcp.session'> | undefined {
  if (!text.startsWith('SESSION\t')) return undefined;
  const f = tabFields(text, 11);
  if (f === undefined) return undefined;
  const family = familyField(f[1]!);
  const laddr = addressField(f[2]!);
  const lport = portField(f[3]!);
  const raddr = addressField(f[4]!);
  const rport = portField(f[5]!);
  const tx = integerField(f[6]!);
  const rx = integerField(f[7]!);
  const us = integerField(f[8]!);
  const pid = integerField(f[9]!);
  const comm = decodeEscapedBuf(f[10]!);
  if (family === undefined || laddr === undefined || lport === undefined || raddr === undefined || rport === undefined) return undefined;
  if (tx === undefined || rx === undefined || us === undefined || pid === undefined || comm === undefined) return undefined;
  // Member by member, not by spreading the owner: a spread followed by more members makes a slow dictionary-mode object.
  const body = {} as EventBody<'tcp.session'>;
  if (pid !== 0) body.pid = pid;
  if (pid !== 0 && comm !== '') body.comm = comm;
  body.family = family;
  body.laddr = laddr;
  body.lport = lport;
  body.raddr = raddr;
  body.rport = rport;
  body.tx_kb = tx / 1024;
  body.rx_kb = rx / 1024;
  body.duration_ms = us / 1000;
  return body;
}
