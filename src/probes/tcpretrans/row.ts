// Scans tcpretrans rows word by word: widths differ between versions and long values overflow.
import type { EventBody } from '../../events/index.js';
import { clockAndPid, familyOf, ipColumnAt, numberWord, skipSpaces, splitHostPort, wordEnd } from '../../core/scan.js';

type Retransmit = EventBody<'tcp.retransmit'>;
type RetransmitCount = EventBody<'tcp.retransmit.count'>;

/**
 * bcc rows: "%-8s %-7d %-2d %-20s %1s> %-20s" then " %s" (STATE) or, with -s, " %-12s %s" (STATE, SEQ).
 * An unknown state prints as its number (0.36 and newer); an empty one is left out.
 */
export function parseBccRow(text: string, withSeq: boolean): Retransmit | undefined {
  const start = clockAndPid(text);
  if (start === undefined) return undefined;
  const { time, pid } = start;
  const ip = ipColumnAt(text, start.end);
  if (ip === undefined) return undefined;
  const family = ip.family;

  let pos = skipSpaces(text, ip.end);
  let end = wordEnd(text, pos);
  const local = splitHostPort(text.slice(pos, end));
  if (local === undefined) return undefined;

  pos = skipSpaces(text, end);
  const t = text.charCodeAt(pos);
  if (text.charCodeAt(pos + 1) !== 62 || text.charCodeAt(pos + 2) !== 32) return undefined;
  const kind = t === 82 ? 'retrans' : t === 76 ? 'tlp' : undefined;
  if (kind === undefined) return undefined;

  pos = skipSpaces(text, pos + 3);
  end = wordEnd(text, pos);
  const remote = splitHostPort(text.slice(pos, end));
  if (remote === undefined) return undefined;

  // What is left: STATE, or STATE and SEQ; STATE may be empty.
  pos = skipSpaces(text, end);
  const firstEnd = wordEnd(text, pos);
  const secondStart = skipSpaces(text, firstEnd);
  const secondEnd = wordEnd(text, secondStart);
  if (skipSpaces(text, secondEnd) !== text.length) return undefined;
  let stateEnd = firstEnd;
  let seq = -1;
  if (withSeq) {
    const onlySeq = secondStart === text.length;
    if (onlySeq) stateEnd = pos;
    seq = onlySeq ? numberWord(text, pos, firstEnd) : numberWord(text, secondStart, secondEnd);
    if (seq < 0 || seq > 0xffffffff) return undefined;
  } else if (secondStart !== text.length) return undefined;

  const body: Retransmit = { time, pid, family, laddr: local.addr, lport: local.port, raddr: remote.addr, rport: remote.port };
  if (stateEnd > pos) body.state = text.slice(pos, stateEnd);
  body.kind = kind;
  if (seq >= 0) body.tcp_seq = seq;
  return body;
}

/**
 * tcpretrans.bt rows: time("%H:%M:%S ") then "%-8d %14s:%-6d %14s:%-6d %6s". No IP or T column:
 * the family comes from the address, the kind is not printed. An unknown state prints empty.
 */
export function parseBtRow(text: string): Retransmit | undefined {
  const start = clockAndPid(text);
  if (start === undefined) return undefined;
  const { time, pid } = start;

  let pos = skipSpaces(text, start.end);
  let end = wordEnd(text, pos);
  const local = splitHostPort(text.slice(pos, end));
  if (local === undefined) return undefined;

  pos = skipSpaces(text, end);
  end = wordEnd(text, pos);
  const remote = splitHostPort(text.slice(pos, end));
  if (remote === undefined) return undefined;

  const body: Retransmit = { time, pid, family: familyOf(local.addr), laddr: local.addr, lport: local.port, raddr: remote.addr, rport: remote.port };
  pos = skipSpaces(text, end);
  end = wordEnd(text, pos);
  if (skipSpaces(text, end) !== text.length) return undefined;
  if (end > pos) body.state = text.slice(pos, end);
  return body;
}

/** "[addr]#port" as bcc -c prints it, or "addr:port" as its example file shows. */
function endpoint(word: string): { addr: string; port: number } | undefined {
  if (word.charCodeAt(0) !== 91) return splitHostPort(word);
  const close = word.lastIndexOf(']');
  if (close < 2 || word.charCodeAt(close + 1) !== 35) return undefined;
  const port = numberWord(word, close + 2, word.length);
  if (port < 0 || port > 65535) return undefined;
  return { addr: word.slice(1, close), port };
}

/** bcc -c rows: "%-20s <-> %-20s" of two endpoints, then " %10d" retransmits. */
export function parseCountRow(text: string): RetransmitCount | undefined {
  let end = wordEnd(text, 0);
  const local = endpoint(text.slice(0, end));
  if (local === undefined) return undefined;

  let pos = skipSpaces(text, end);
  if (!text.startsWith('<-> ', pos)) return undefined;

  pos = skipSpaces(text, pos + 4);
  end = wordEnd(text, pos);
  const remote = endpoint(text.slice(pos, end));
  if (remote === undefined) return undefined;

  pos = skipSpaces(text, end);
  end = wordEnd(text, pos);
  const count = numberWord(text, pos, end);
  if (count < 0 || skipSpaces(text, end) !== text.length) return undefined;
  return { family: familyOf(local.addr), laddr: local.addr, lport: local.port, raddr: remote.addr, rport: remote.port, count };
}
