// Reads the arguments of a stock execsnoop row, splitting them only where the tool's text says exactly where one ends.

export interface ExecArgs {
  args: string[];
  /** args holds the tool's joined text: a space in it may separate two arguments or sit inside one. */
  joined?: true;
  truncated?: true;
}

/** Text joined by spaces: one argument when it holds no space, else kept whole and marked. */
function joinedText(text: string, truncated: boolean): ExecArgs {
  const out: ExecArgs = { args: [text] };
  if (text.includes(' ')) out.joined = true;
  if (truncated) out.truncated = true;
  return out;
}

/**
 * libbpf-tools without -q: every argument followed by a space, then " ..." when there were more than --max-args. A row
 * that does not end so was cut by a newline inside an argument (the tool prints it as is): the rest arrives as a line of its own.
 */
export function libbpfPlainArgs(text: string): ExecArgs {
  if (text.endsWith('  ...')) return joinedText(text.slice(0, -5), true);
  if (text.endsWith(' ')) return joinedText(text.slice(0, -1), false);
  return joinedText(text, true);
}

/** BCC without -q, and execsnoop.bt: arguments joined by single spaces (BCC writes a newline as \n). */
export function spacedArgs(text: string): ExecArgs {
  return joinedText(text, false);
}

/**
 * Quoted arguments, "a" "b c": inside quotes \" is a quote; libbpf also writes tab and newline as \t and \n. A backslash is
 * not escaped, so \" before a space and the next opening quote (or the end) is a backslash ending the argument. Where a
 * reading is still open to doubt, the text is kept whole and marked as joined.
 */
export function quotedArgs(text: string, impl: 'libbpf' | 'bcc'): ExecArgs {
  let body = text;
  let truncated = false;
  // libbpf opens a quote for the argument past --max-args, then writes " ...".
  if (impl === 'libbpf') {
    if (body.endsWith('" ...')) {
      body = body.slice(0, -5);
      truncated = true;
    }
    if (!body.endsWith(' ')) return joinedText(text, true);
    body = body.slice(0, -1);
  }
  const args: string[] = [];
  let pos = 0;
  while (pos < body.length) {
    if (body.charCodeAt(pos) !== 34) return joinedText(text, truncated);
    let arg = '';
    let i = pos + 1;
    let closed = -1;
    while (i < body.length) {
      const c = body.charCodeAt(i);
      if (c === 34) {
        closed = i;
        break;
      }
      if (c === 92) {
        const next = body.charCodeAt(i + 1);
        if (next === 34) {
          // \" ends the argument (a literal backslash) only where a closing quote fits: before ' "' or the end.
          const after = i + 2;
          const endsHere = after === body.length || (body.charCodeAt(after) === 32 && body.charCodeAt(after + 1) === 34);
          const innerQuoteFits = after < body.length;
          if (endsHere && innerQuoteFits) return joinedText(text, truncated);
          if (endsHere) {
            arg += '\\';
            closed = i + 1;
            break;
          }
          arg += '"';
          i += 2;
          continue;
        }
        if (impl === 'libbpf' && next === 116) {
          arg += '\t';
          i += 2;
          continue;
        }
        if (next === 110) {
          arg += '\n';
          i += 2;
          continue;
        }
      }
      arg += body[i];
      i++;
    }
    if (closed === -1) return joinedText(text, true);
    args.push(arg);
    pos = closed + 1;
    if (pos === body.length) break;
    if (body.charCodeAt(pos) !== 32) return joinedText(text, truncated);
    pos++;
  }
  // BCC adds "..." as one more argument when there were more than --max-args.
  if (impl === 'bcc' && args.length > 1 && args[args.length - 1] === '...' && text.endsWith('"..."')) {
    args.pop();
    truncated = true;
  }
  return truncated ? { args, truncated: true } : { args };
}
