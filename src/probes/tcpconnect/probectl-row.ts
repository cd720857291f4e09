// Reads a CONNECT line of probectl's tcpconnect.bt: the ends, the state the connect left SYN_SENT for, sk_err, the time taken, pid and comm.
import type { EventBody } from '../../events/index.js';
import { decodeEscapedBuf } from '../../core/escaped-buf.js';
import { addressField, familyField, integerField, portField, tabFields } from '../../core/tab-fields.js';
import type { ConnectResult } from './events.js';

export const PROBECTL_CONNECT_HEADER = 'PROBECTL tcpconnect v1';

const ESTABLISHED = 1;
const CLOSE = 7;

/** The failure sk_err names (Linux errno numbers, the same on every architecture probectl runs on); 0: closed before any answer. */
export function failureOf(skErr: number): ConnectResult {
  if (skErr === 0) return 'aborted';
  if (skErr === 111) return 'refused'; // ECONNREFUSED: a reset, or an ICMP port unreachable
  if (skErr === 110) return 'timed_out'; // ETIMEDOUT: the SYN retries ran out with no answer at all
  if (skErr === 113 || skErr === 101) return 'unreachable'; // EHOSTUNREACH, ENETUNREACH: an ICMP error
  return 'failed';
}

/**
 * CONNECT, family, saddr, sport, daddr, dport, the new state (1 ESTABLISHED, 7 CLOSE), sk_err, ns since SYN_SENT,
 * pid, comm (%r). latency_ms is the ns / 1e6, not rounded.
 */
export function parseProbectlConnect(text: string): EventBody<'tcp.connect'> | undefined {
  if (!text.startsWith('CONNECT\t')) return undefined;
  const f = tabFields(text, 11);
  if (f === undefined) return undefined;
  const family = familyField(f[1]!);
  const saddr = addressField(f[2]!);
  const sport = portField(f[3]!);
  const daddr = addressField(f[4]!);
  const dport = portField(f[5]!);
  const state = integerField(f[6]!);
  const skErr = integerField(f[7]!);
  const ns = integerField(f[8]!);
  const pid = integerField(f[9]!);
  const comm = decodeEscapedBuf(f[10]!);
  if (family === undefined || saddr === undefined || sport === undefined || daddr === undefined || dport === undefined) return undefined;
  if ((state !== ESTABLISHED && state !== CLOSE) || skErr === undefined || ns === undefined || pid === undefined || comm === undefined) return undefined;
  // Member by member, in the schema's order: a spread followed by more members makes a slow dictionary-mode object.
  const body = {} as EventBody<'tcp.connect'>;
  body.pid = pid;
  body.comm = comm;
  body.family = family;
  body.saddr = saddr;
  body.sport = sport;
  body.daddr = daddr;
  body.dport = dport;
  body.latency_ms = ns / 1e6;
  body.result = state === ESTABLISHED ? 'established' : failureOf(skErr);
  if (state === CLOSE && skErr !== 0) body.errno = skErr;
  return body;
}
