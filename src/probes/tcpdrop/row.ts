// Scans tcpdrop rows word by word: widths differ between versions and long values overflow.
import type { EventBody } from '../../events/index.js';
import { clockAndPid, familyOf, ipColumnAt, numberWord, onlySpaces, skipSpaces, splitHostPort, startsWithClock, wordEnd } from '../../core/scan.js';

type Drop = EventBody<'tcp.drop'>;

/** The last n words of the line, last first, with where each starts. */
function lastWords(text: string, n: number): { word: string; start: number }[] {
  const words: { word: string; start: number }[] = [];
  let end = text.length;
  while (words.length < n) {
    while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
    if (end === 0) break;
    const start = text.lastIndexOf(' ', end - 1) + 1;
    words.push({ word: text.slice(start, end), start });
    end = start;
  }
  return words;
}

/** "(SYN|ACK)" → ["SYN", "ACK"], "()" → []; undefined when the word is not in parentheses. */
function flagsOf(word: string): string[] | undefined {
  if (word.length < 2 || word.charCodeAt(0) !== 40 || word.charCodeAt(word.length - 1) !== 41) return undefined;
  if (word.length === 2) return [];
  const flags = word.slice(1, -1).split('|');
  return flags.includes('') ? undefined : flags;
}

/**
 * bcc rows: "%-8s %-7d %-2d %-20s > %-20s" then "%s (%s)" of STATE and FLAGS, padded to 20 and
 * followed by " %s (%d)" of REASON and CODE in 0.34 and newer. An empty state is left out.
 */
export function parseBccRow(text: string, withReason: boolean): Drop | undefined {
  const start = clockAndPid(text);
  if (start === undefined) return undefined;
  const { time, pid } = start;
  const ip = ipColumnAt(text, start.end);
  if (ip === undefined) return undefined;

  let pos = skipSpaces(text, ip.end);
  let end = wordEnd(text, pos);
  const source = splitHostPort(text.slice(pos, end));
  if (source === undefined) return undefined;

  pos = skipSpaces(text, end);
  if (text.charCodeAt(pos) !== 62 || text.charCodeAt(pos + 1) !== 32) return undefined;

  pos = skipSpaces(text, pos + 2);
  end = wordEnd(text, pos);
  const dest = splitHostPort(text.slice(pos, end));
  if (dest === undefined) return undefined;

  const body: Drop = { time, pid, family: ip.family, saddr: source.addr, sport: source.port, daddr: dest.addr, dport: dest.port };
  pos = skipSpaces(text, end);
  end = wordEnd(text, pos);
  if (text.charCodeAt(pos) !== 40) {
    if (end === pos) return undefined;
    body.state = text.slice(pos, end);
    pos = skipSpaces(text, end);
    end = wordEnd(text, pos);
  }
  const flags = flagsOf(text.slice(pos, end));
  if (flags === undefined) return undefined;
  body.tcp_flags = flags;

  pos = skipSpaces(text, end);
  if (withReason) {
    end = wordEnd(text, pos);
    if (end === pos || text.charCodeAt(pos) === 40) return undefined;
    const reason = text.slice(pos, end);
    pos = skipSpaces(text, end);
    end = wordEnd(text, pos);
    if (text.charCodeAt(pos) !== 40 || text.charCodeAt(end - 1) !== 41) return undefined;
    const code = numberWord(text, pos + 1, end - 1);
    if (code < 0) return undefined;
    body.reason = reason;
    body.reason_code = code;
    pos = skipSpaces(text, end);
  }
  return pos === text.length ? body : undefined;
}

/**
 * tcpdrop.bt rows: time("%H:%M:%S ") then "%-8d %-16s " (PID, COMM) and "%39s:%-6d %39s:%-6d %-10s".
 * COMM may hold spaces, so the addresses and the state are read from the right. No IP column:
 * the family comes from the address. An unknown state prints empty.
 */
export function parseBtRow(text: string): Drop | undefined {
  if (!startsWithClock(text)) return undefined;
  const time = text.slice(0, 8);
  const pidStart = skipSpaces(text, 9);
  const pidEnd = wordEnd(text, pidStart);
  const pid = numberWord(text, pidStart, pidEnd);
  if (pid < 0) return undefined;
  const commStart = Math.max(pidStart + 8, pidEnd) + 1;
  if (!onlySpaces(text, pidEnd, commStart)) return undefined;

  // From the right: [STATE] DADDR:DPORT SADDR:SPORT. A state never looks like addr:port.
  const last = lastWords(text, 3);
  if (last.length < 2) return undefined;
  let dest = splitHostPort(last[0]!.word);
  let source = splitHostPort(last[1]!.word);
  let sourceStart = last[1]!.start;
  let state: string | undefined;
  if (dest === undefined || source === undefined) {
    if (last.length < 3) return undefined;
    state = last[0]!.word;
    dest = splitHostPort(last[1]!.word);
    source = splitHostPort(last[2]!.word);
    sourceStart = last[2]!.start;
    if (dest === undefined || source === undefined) return undefined;
  }
  if (sourceStart < commStart) return undefined;
  const comm = text.slice(commStart, sourceStart).trimEnd();
  const family = familyOf(source.addr);
  const body: Drop = { time, pid, ...(comm.length > 0 && { comm }), family, saddr: source.addr, sport: source.port, daddr: dest.addr, dport: dest.port };
  if (state !== undefined) body.state = state;
  return body;
}
