// A faster JSON.stringify for flat event bodies: same text, fewer generic checks per value.

const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;
const keyPrefixes: Record<string, string> = Object.create(null) as Record<string, string>;
/** The same without the comma, for an object's first member. */
const firstKeyPrefixes: Record<string, string> = Object.create(null) as Record<string, string>;

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
    else if (Array.isArray(value)) out += prefix + jsonArray(value);
    else out += prefix + JSON.stringify(value);
  }
  return out;
}

/**
 * An array as JSON.stringify writes it. Its numbers, strings, nulls and plain objects of those (a histogram's
 * buckets, {min, max, count}) are written here: JSON.stringify of 11 such buckets cost 1.8 µs, four times this.
 */
function jsonArray(values: readonly unknown[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const value = values[i];
    if (typeof value === 'number') out += Number.isFinite(value) ? String(value) : 'null';
    else if (typeof value === 'string') out += jsonString(value);
    else if (value === null) out += 'null';
    else if (isPlainObject(value)) out += jsonFlatObject(value);
    else out += JSON.stringify(value) ?? 'null'; // undefined, a function or a symbol in an array is null
  }
  return out + ']';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && !('toJSON' in value);

/** A plain object as JSON: its number, string and null members here, any other through JSON.stringify. */
function jsonFlatObject(record: Record<string, unknown>): string {
  let out = '{';
  for (const key in record) {
    const value = record[key];
    let member: string;
    if (typeof value === 'number') member = Number.isFinite(value) ? String(value) : 'null';
    else if (typeof value === 'string') member = jsonString(value);
    else if (value === null) member = 'null';
    else {
      const json = JSON.stringify(value);
      if (json === undefined) continue; // undefined, a function or a symbol: left out, as JSON.stringify does
      member = json;
    }
    if (out.length === 1) {
      let prefix = firstKeyPrefixes[key];
      if (prefix === undefined) firstKeyPrefixes[key] = prefix = JSON.stringify(key) + ':';
      out += prefix + member;
    } else {
      let prefix = keyPrefixes[key];
      if (prefix === undefined) keyPrefixes[key] = prefix = ',' + JSON.stringify(key) + ':';
      out += prefix + member;
    }
  }
  return out + '}';
}
