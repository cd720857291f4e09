// The CONNECT lines of probectl's tcpconnect.bt from their bytes straight to JSON: the hot path of `probectl parse tcpconnect`.
import {
  asciiKey,
  digitsToTab,
  digitsValue,
  isPrintableAscii,
  putBytes,
  putDigits,
  putJsonChars,
  putKey,
  putScaledDigits,
  viewOf,
} from '../../core/json-from-bytes.js';
import type { JsonBytes } from '../../core/json-line-batch.js';
import type { RowJson } from '../../core/row-json-writer.js';
import { connectResults, type ConnectResult } from './results.js';
import { failureOf } from './probectl-row.js';

const TAB = 9;
const BACKSLASH = 92;
/** "CONN" and "ECT\t" as little-endian words. */
const CONN = 0x4e4e4f43;
const ECT_TAB = 0x09544345;
/** The four characters \x00 as a little-endian word. */
const NUL_ESCAPE = 0x3030785c;
/** addressField's longest address. */
const MAX_ADDRESS = 45;
const ESTABLISHED = 1;
const CLOSE = 7;

const PID_KEY = asciiKey(',"pid":');
const COMM_KEY = asciiKey(',"comm":"');
const FAMILY_KEY = asciiKey('","family":');
const SADDR_KEY = asciiKey(',"saddr":"');
const SPORT_KEY = asciiKey('","sport":');
const DADDR_KEY = asciiKey(',"daddr":"');
const DPORT_KEY = asciiKey('","dport":');
const LATENCY_KEY = asciiKey(',"latency_');
const LATENCY_KEY_END = asciiKey('ms":');
const ERRNO_KEY = asciiKey(',"errno":');
/** ,"result":"established" and the others, whole. */
const RESULT_MEMBERS = Object.fromEntries(connectResults.map((r) => [r, Buffer.from(`,"result":"${r}"`, 'latin1')])) as Record<ConnectResult, Buffer>;

/** Address characters as addressField takes them: hex digits (either case), dots and colons. */
const ADDRESS_CHAR = new Uint8Array(128);
for (const c of '0123456789:.abcdefABCDEF') ADDRESS_CHAR[c.charCodeAt(0)] = 1;

/**
 * The same reading as parseProbectlConnect, on bytes: CONNECT, then TAB-separated family, saddr, sport, daddr, dport,
 * state, sk_err, ns, pid and comm (%r). It takes only lines whose fields are what that parser accepts, with digit runs
 * of at most 15, and a comm of printable ASCII alone or followed by \x00 and more printable ASCII (the NUL padding);
 * every other line (other escapes, other bytes, a missing or extra field) is left to the text path.
 */
export const probectlConnectRowJson: RowJson = { type: 'tcp.connect', neverHeader: true, write: writeRow };

/** End of the address at pos if it has 1 to 45 address characters and a TAB follows it; else -1. */
function addressToTab(line: Uint8Array, pos: number, end: number): number {
  const stop = Math.min(end, pos + MAX_ADDRESS + 1);
  let i = pos;
  while (i < stop) {
    const c = line[i]!;
    if (c >= 128 || ADDRESS_CHAR[c] === 0) break;
    i++;
  }
  return i === pos || i - pos > MAX_ADDRESS || i >= end || line[i] !== TAB ? -1 : i;
}

function writeRow(line: Uint8Array, start: number, end: number, out: JsonBytes): boolean {
  if (end - start < 8) return false;
  const view = viewOf(line);
  if (view.getInt32(start, true) !== CONN || view.getInt32(start + 4, true) !== ECT_TAB) return false;
  // family: 4 or 6.
  const familyAt = start + 8;
  if (familyAt + 1 >= end || line[familyAt + 1] !== TAB) return false;
  const family = line[familyAt];
  if (family !== 52 && family !== 54) return false;
  const saddrStart = familyAt + 2;
  const saddrEnd = addressToTab(line, saddrStart, end);
  if (saddrEnd < 0) return false;
  const sportStart = saddrEnd + 1;
  const sportEnd = digitsToTab(line, sportStart, end);
  if (sportEnd < 0 || digitsValue(line, sportStart, sportEnd) > 65535) return false;
  const daddrStart = sportEnd + 1;
  const daddrEnd = addressToTab(line, daddrStart, end);
  if (daddrEnd < 0) return false;
  const dportStart = daddrEnd + 1;
  const dportEnd = digitsToTab(line, dportStart, end);
  if (dportEnd < 0 || digitsValue(line, dportStart, dportEnd) > 65535) return false;
  const stateStart = dportEnd + 1;
  const stateEnd = digitsToTab(line, stateStart, end);
  if (stateEnd < 0) return false;
  const state = digitsValue(line, stateStart, stateEnd);
  if (state !== ESTABLISHED && state !== CLOSE) return false;
  const skErrStart = stateEnd + 1;
  const skErrEnd = digitsToTab(line, skErrStart, end);
  if (skErrEnd < 0) return false;
  const nsStart = skErrEnd + 1;
  const nsEnd = digitsToTab(line, nsStart, end);
  if (nsEnd < 0) return false;
  const pidStart = nsEnd + 1;
  const pidEnd = digitsToTab(line, pidStart, end);
  if (pidEnd < 0) return false;
  // comm: printable ASCII up to the end, or up to \x00 (decodeEscapedBuf's name before its NUL padding) and printable ASCII after.
  const commStart = pidEnd + 1;
  let commStop = commStart;
  while (commStop < end) {
    const c = line[commStop]!;
    if (c === BACKSLASH) break;
    if (c < 0x20 || c > 0x7e) return false;
    commStop++;
  }
  if (commStop < end) {
    if (commStop + 4 > end || view.getInt32(commStop, true) !== NUL_ESCAPE) return false;
    // Nearly always the rest is more \x00, compared a word at a time; else it must be printable ASCII.
    let rest = commStop + 4;
    while (rest + 4 <= end && view.getInt32(rest, true) === NUL_ESCAPE) rest += 4;
    if (rest < end && !isPrintableAscii(line, rest, end)) return false;
  }

  const skErr = digitsValue(line, skErrStart, skErrEnd);
  const result: ConnectResult = state === ESTABLISHED ? 'established' : failureOf(skErr);

  out.reserve(256 + (commStop - commStart) * 6);
  const { bytes, view: outView } = out;
  let at = putKey(outView, out.length, PID_KEY);
  at = putDigits(bytes, at, line, pidStart, pidEnd);
  at = putKey(outView, at, COMM_KEY);
  at = putJsonChars(bytes, outView, at, line, commStart, commStop);
  at = putKey(outView, at, FAMILY_KEY);
  bytes[at++] = family;
  at = putKey(outView, at, SADDR_KEY);
  for (let i = saddrStart; i < saddrEnd; i++) bytes[at++] = line[i]!;
  at = putKey(outView, at, SPORT_KEY);
  at = putDigits(bytes, at, line, sportStart, sportEnd);
  at = putKey(outView, at, DADDR_KEY);
  for (let i = daddrStart; i < daddrEnd; i++) bytes[at++] = line[i]!;
  at = putKey(outView, at, DPORT_KEY);
  at = putDigits(bytes, at, line, dportStart, dportEnd);
  at = putKey(outView, at, LATENCY_KEY);
  at = putKey(outView, at, LATENCY_KEY_END);
  at = putScaledDigits(bytes, at, line, nsStart, nsEnd, 6); // ns as ms; at most 15 digits (digitsToTab): exact
  at = putBytes(bytes, at, RESULT_MEMBERS[result]);
  if (state === CLOSE && skErr !== 0) {
    at = putKey(outView, at, ERRNO_KEY);
    at = putDigits(bytes, at, line, skErrStart, skErrEnd);
  }
  out.length = at;
  return true;
}
