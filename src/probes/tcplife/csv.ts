// Splits one bcc tcplife -s row. COMM is not quoted and may hold commas, so the fields are
// taken from both ends: [TIME,][TIME(s),]PID first, the eight comma-free fields last.
import { digitsEnd, intAt } from '../../core/scan.js';
import { isClockAt } from '../../core/scan.js';
import { familyColumn, secondsEnd, sessionBody, type Prefix, type TcpSession } from './fields.js';
import type { TcplifeShape } from './layouts.js';

/** IP, LADDR, LPORT, RADDR, RPORT, TX_KB, RX_KB, MS */
const TAIL = 8;

export function parseTcplifeCsv(text: string, s: TcplifeShape): TcpSession | undefined {
  const f = text.split(',');
  let i = 0;
  const prefix: Prefix = {};
  if (s.time) {
    const time = f[i++]!;
    if (time.length !== 8 || !isClockAt(time, 0)) return undefined;
    prefix.time = time;
  }
  if (s.timestamp) {
    const seconds = f[i++] ?? '';
    if (secondsEnd(seconds, 0) !== seconds.length) return undefined;
    prefix.elapsed = Number(seconds);
  }
  const tail = f.length - TAIL;
  // PID, then COMM in at least one piece
  if (tail < i + 2) return undefined;
  const pidText = f[i]!;
  const pid = intAt(pidText, 0, pidText.length);
  if (pid < 0 || digitsEnd(pidText, 0) !== pidText.length) return undefined;
  const family = familyColumn(f[tail]!);
  if (family === undefined) return undefined;
  const comm = tail === i + 2 ? f[i + 1]! : f.slice(i + 1, tail).join(',');
  const texts = { laddr: f[tail + 1]!, lport: f[tail + 2]!, raddr: f[tail + 3]!, rport: f[tail + 4]!, tx: f[tail + 5]!, rx: f[tail + 6]!, ms: f[tail + 7]! };
  return sessionBody(prefix, pid, comm, family, texts, false, true);
}
