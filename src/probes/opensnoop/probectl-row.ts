// Reads an OPEN line of probectl's opensnoop.bt: pid, tid, uid, fd, errno, flags, mode, comm (%r), then the path to the end of the line.
import type { EventBody } from '../../events/index.js';
import { decodeEscapedBuf } from '../../core/escaped-buf.js';
import { integerField, tabFields } from '../../core/tab-fields.js';

export const PROBECTL_OPEN_HEADER = 'PROBECTL opensnoop v1';

/** The mode is printed as -1 when the call had neither O_CREAT nor O_TMPFILE: the event then has none. */
export function parseProbectlOpen(text: string): EventBody<'file.open'> | undefined {
  if (!text.startsWith('OPEN\t')) return undefined;
  const f = tabFields(text, 10);
  if (f === undefined) return undefined;
  const pid = integerField(f[1]!);
  const tid = integerField(f[2]!);
  const uid = integerField(f[3]!);
  const fd = integerField(f[4]!, true);
  const errno = integerField(f[5]!);
  const flags = integerField(f[6]!);
  const mode = integerField(f[7]!, true);
  const comm = decodeEscapedBuf(f[8]!);
  if (pid === undefined || tid === undefined || uid === undefined || fd === undefined || fd < -1 || errno === undefined) return undefined;
  if (flags === undefined || mode === undefined || mode < -1 || comm === undefined) return undefined;
  const body: EventBody<'file.open'> = { pid, tid, comm, fd, errno, path: f[9]!, uid, flags };
  if (mode >= 0) body.mode = mode;
  return body;
}
