// The running kernel's drop-reason names, read from the skb:kfree_skb format's __print_symbolic list (the program generator writes them into the script).

/** True when the tracepoint format has this field (reason: Linux 5.17 and newer; rx_sk: newer still). */
export function hasField(format: string, field: string): boolean {
  return new RegExp(`\\bfield:[^;]*\\b${field};`).test(format);
}

/**
 * code → name from `__print_symbolic(REC->reason, { 2, "NOT_SPECIFIED" }, ...)`. Entries whose key
 * is not a plain number, or whose name is not an upper-case identifier, are left out: the names go
 * into a program, so only [A-Z0-9_] passes.
 */
export function parseDropReasons(format: string): Map<number, string> {
  const reasons = new Map<number, string>();
  const start = format.indexOf('__print_symbolic(REC->reason,');
  if (start === -1) return reasons;
  // The list runs to the next symbolic list or the end of the print fmt line (a name could hold a parenthesis).
  const ends = [format.indexOf('__print_symbolic(', start + 1), format.indexOf('\n', start)].filter((i) => i !== -1);
  const list = format.slice(start, ends.length > 0 ? Math.min(...ends) : undefined);
  for (const [, code, name] of list.matchAll(/\{\s*(\d{1,9})\s*,\s*"([^"]*)"\s*\}/g)) {
    if (/^[A-Z][A-Z0-9_]{0,63}$/.test(name!)) reasons.set(Number(code), name!);
  }
  return reasons;
}
