// A faster JSON.stringify for flat event bodies: same text, fewer generic checks per value.

const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;
const keyPrefixes: Record<string, string> = Object.create(null) as Record<string, string>;

/** JSON text of a string; the fast path is a plain quote when nothing needs escaping. */
export function jsonString(s: string): string {
  return needsEscape.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/**
 * The members of a body object as JSON, without the braces (",\"pid\":1,..." with a leading comma),
 * byte for byte what JSON.stringify gives. Non-finite numbers become null like JSON.stringify's.
 */
export function jsonMembers(body: object): string {
  let out = '';
  const record = body as Record<string, unknown>;
  for (const key in record) {
    const value = record[key];
    if (value === undefined) continue;
    let prefix = keyPrefixes[key];
    if (prefix === undefined) keyPrefixes[key] = prefix = ',' + JSON.stringify(key) + ':';
    if (typeof value === 'number') out += prefix + (Number.isFinite(value) ? String(value) : 'null');
    else if (typeof value === 'string') out += prefix + jsonString(value);
    else out += prefix + JSON.stringify(value);
  }
  return out;
}
