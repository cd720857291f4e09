// Map keys and scalar values as bpftrace prints them, shared by the text and JSON readers.

export type KeyPart = string | number;

const NL = 10;

const isBlank = (c: number): boolean => c === 32 || c === 9;

/** True for an integer written as JavaScript would write it: no "+", no leading zero, no "-0". */
export function isCanonicalInt(s: string): boolean {
  const from = s.charCodeAt(0) === 45 ? 1 : 0;
  if (from === s.length || s.length - from > 20) return false;
  if (s.charCodeAt(from) === 48) return s.length === 1;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** One key part: a number where it is an exact integer, else the text as printed. */
export function keyPart(s: string): KeyPart {
  if (!isCanonicalInt(s)) return s;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

/**
 * A map value printed as text: a number where integral, else the string. Integers past 2^53
 * lose precision exactly as JSON.parse loses it on the same value in -f json.
 */
export const scalarValue = (s: string): number | string => (isCanonicalInt(s) ? Number(s) : s);

/** A stack's frames as one string: each frame trimmed of its indentation, frames joined by "\n". */
export const joinFrames = (frames: readonly string[]): string => frames.join('\n');

/** The frame on a line of a printed stack (indented by spaces or a tab), or undefined. */
export function frameOf(line: string): string | undefined {
  return isBlank(line.charCodeAt(0)) ? line.trim() : undefined;
}

/**
 * Reads the stack that starts at the "\n" at pos: one frame per following indented line.
 * Returns the frames and the index just past the stack's closing "\n".
 */
function readStack(content: string, pos: number): { frames: string[]; end: number } {
  const frames: string[] = [];
  while (content.charCodeAt(pos) === NL) {
    const lineStart = pos + 1;
    if (!isBlank(content.charCodeAt(lineStart))) return { frames, end: lineStart };
    let lineEnd = content.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = content.length;
    const frame = content.slice(lineStart, lineEnd).trim();
    if (frame.length > 0) frames.push(frame);
    pos = lineEnd;
  }
  return { frames, end: pos };
}

/**
 * Splits a map key into its parts. The text layout separates parts by ", ", -f json by ",".
 * A stack part (kstack, ustack) is printed as "\n" then one indented frame per line and a
 * closing "\n"; it becomes ONE string part holding its trimmed frames joined by "\n", so
 * `@[comm, kstack]` gives ["bash", "frame1\nframe2"] in both layouts.
 * A string part that itself holds the separator cannot be told from two parts (bpftrace
 * prints no quotes): "a, b" in text and "a,b" in JSON each become two parts.
 */
export function splitKey(content: string, sep: string): KeyPart[] {
  const parts: KeyPart[] = [];
  let pos = 0;
  for (;;) {
    if (content.charCodeAt(pos) === NL) {
      const stack = readStack(content, pos);
      parts.push(joinFrames(stack.frames));
      pos = stack.end;
      if (pos >= content.length) return parts;
      if (content.startsWith(sep, pos)) pos += sep.length;
      continue;
    }
    const next = content.indexOf(sep, pos);
    if (next === -1) {
      parts.push(keyPart(content.slice(pos)));
      return parts;
    }
    parts.push(keyPart(content.slice(pos, next)));
    pos = next + sep.length;
  }
}

/** A string value that is a printed stack ("\n" + indented frames) as joined frames; else unchanged. */
export function stackOrString(s: string): string {
  if (s.charCodeAt(0) !== NL) return s;
  const stack = readStack(s, 0);
  return stack.end >= s.length ? joinFrames(stack.frames) : s;
}
