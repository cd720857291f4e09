// Reads a RETRANS line of probectl's tcpretrans.bt: family, laddr, lport, raddr, rport, state number, TAB-separated.
import type { EventBody } from '../../events/index.js';
import { addressField, familyField, integerField, portField, tabFields } from '../../core/tab-fields.js';
import { tcpStateName } from '../../core/tcp-names.js';

export const PROBECTL_RETRANS_HEADER = 'PROBECTL tcpretrans v1';

export function parseProbectlRetrans(text: string): EventBody<'tcp.retransmit'> | undefined {
  if (!text.startsWith('RETRANS\t')) return undefined;
  const f = tabFields(text, 7);
  if (f === undefined || f[6]!.indexOf('\t') !== -1) return undefined;
  const family = familyField(f[1]!);
  const laddr = addressField(f[2]!);
  const lport = portField(f[3]!);
  const raddr = addressField(f[4]!);
  const rport = portField(f[5]!);
  const state = integerField(f[6]!);
  if (family === undefined || laddr === undefined || lport === undefined || raddr === undefined || rport === undefined || state === undefined) return undefined;
  return { family, laddr, lport, raddr, rport, state: tcpStateName(state) };
}
