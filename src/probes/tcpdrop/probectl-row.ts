// Reads a DROP line of probectl's tcpdrop.bt: the packet's addresses, ports and flags, its socket's state, the reason, the task on the CPU.
import type { EventBody } from '../../events/index.js';
import { decodeEscapedBuf } from '../../core/escaped-buf.js';
import { addressField, familyField, integerField, portField, tabFields } from '../../core/tab-fields.js';
import { tcpFlagNames, tcpStateName } from '../../core/tcp-names.js';

export const PROBECTL_DROP_HEADER = 'PROBECTL tcpdrop v1';

/** A reason name as the kernel's __print_symbolic list spells it (NETFILTER_DROP). */
const REASON_NAME = /^[A-Z][A-Z0-9_]*$/;

/**
 * DROP, family, saddr, sport, daddr, dport, state (0: no socket), TCP flags byte, reason code,
 * reason name (empty when the program had no name for it), pid, comm (%r). The state is left out
 * when the packet had no socket; the reason when the kernel gave none (code 0, no name).
 */
export function parseProbectlDrop(text: string): EventBody<'tcp.drop'> | undefined {
  if (!text.startsWith('DROP\t')) return undefined;
  const f = tabFields(text, 12);
  if (f === undefined) return undefined;
  const family = familyField(f[1]!);
  const saddr = addressField(f[2]!);
  const sport = portField(f[3]!);
  const daddr = addressField(f[4]!);
  const dport = portField(f[5]!);
  const state = integerField(f[6]!);
  const flags = integerField(f[7]!);
  const code = integerField(f[8]!);
  const reason = f[9]!;
  const pid = integerField(f[10]!);
  const comm = decodeEscapedBuf(f[11]!);
  if (family === undefined || saddr === undefined || sport === undefined || daddr === undefined || dport === undefined) return undefined;
  if (state === undefined || flags === undefined || flags > 255 || code === undefined || pid === undefined || comm === undefined) return undefined;
  if (reason !== '' && !REASON_NAME.test(reason)) return undefined;
  // Member by member, not by spreading the owner: a spread followed by more members makes a slow dictionary-mode object.
  const body = { pid } as EventBody<'tcp.drop'>;
  if (comm !== '') body.comm = comm;
  body.family = family;
  body.saddr = saddr;
  body.sport = sport;
  body.daddr = daddr;
  body.dport = dport;
  if (state !== 0) body.state = tcpStateName(state);
  body.tcp_flags = tcpFlagNames(flags);
  if (reason !== '') body.reason = reason;
  if (reason !== '' || code !== 0) body.reason_code = code;
  return body;
}
