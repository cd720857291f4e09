// The hosts of a fleet run: `[user@]host[:port]` words from --hosts, or an inventory file (YAML list or mapping, or one host a line).
import { parse as parseYaml } from 'yaml';
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';

export interface HostTarget {
  /** The name given, stamped on every event of this host. */
  name: string;
  host: string;
  user?: string;
  port?: number;
  /** ssh -J: the jump host(s) to reach it through. */
  jump?: string;
  labels?: Record<string, string>;
}

const portSchema = z.coerce.number().check(z.int(), z.gte(1), z.lte(65535));

/** `[user@]host[:port]`; an IPv6 address in brackets: `[fe80::1]:22`. */
export function parseHostWord(word: string): HostTarget {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(word.trim());
  if (m === null) throw new ProbectlError('USAGE', `"${word}" is not a host.`, 'Give hosts as [user@]host[:port], for example root@10.0.0.5:2222 or web-1.');
  const port = m[3] === undefined ? undefined : portSchema.safeParse(m[3]);
  if (port !== undefined && !port.success) throw new ProbectlError('USAGE', `"${word}" has no valid port.`, 'A port is a number from 1 to 65535.');
  return { name: word.trim(), host: m[2]!.replace(/^\[|\]$/g, ''), ...(m[1] !== undefined && { user: m[1] }), ...(port?.success && { port: port.data }) };
}

/** --hosts a,b,c */
export function parseHostList(text: string): HostTarget[] {
  const words = text
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w !== '');
  if (words.length === 0) throw new ProbectlError('USAGE', '--hosts names no host.', 'Give hosts as [user@]host[:port],... separated by commas.');
  return unique(words.map(parseHostWord));
}

const entrySchema = z.union([
  z.string().check(z.minLength(1)),
  z.strictObject({
    host: z.string().check(z.minLength(1)),
    name: z.optional(z.string().check(z.minLength(1))),
    user: z.optional(z.string().check(z.minLength(1))),
    port: z.optional(portSchema),
    jump: z.optional(z.string().check(z.minLength(1))),
    labels: z.optional(z.record(z.string(), z.coerce.string())),
  }),
]);
const inventorySchema = z.union([z.array(entrySchema), z.strictObject({ hosts: z.array(entrySchema) })]);

/**
 * An inventory: a YAML list of hosts (words or {host, name, user, port, jump, labels}), the same under `hosts:`,
 * or plain text with one host word a line (# starts a comment).
 */
export function parseInventory(text: string, file: string): HostTarget[] {
  const plain = text
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
  if (plain.length > 0 && plain.every((l) => !/[:\s]\s|^-|^hosts:/.test(l) && !l.includes(' '))) return unique(plain.map((l) => parseHostWord(l)));
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new ProbectlError(
      'USAGE',
      `${file} is neither a list of hosts nor YAML: ${(error as Error).message}`,
      'Write one host a line, or a YAML list of hosts.',
    );
  }
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ProbectlError(
      'USAGE',
      `${file}: ${issue.path.join('.') || 'the inventory'} ${issue.message}.`,
      'Each host is a word ([user@]host[:port]) or {host, name, user, port, jump, labels}.',
    );
  }
  const entries = Array.isArray(parsed.data) ? parsed.data : parsed.data.hosts;
  if (entries.length === 0) throw new ProbectlError('USAGE', `${file} lists no host.`, 'Add at least one host.');
  return unique(
    entries.map((e) => {
      if (typeof e === 'string') return parseHostWord(e);
      const word = parseHostWord(e.host);
      return {
        ...word,
        name: e.name ?? e.host,
        ...(e.user !== undefined && { user: e.user }),
        ...(e.port !== undefined && { port: e.port }),
        ...(e.jump !== undefined && { jump: e.jump }),
        ...(e.labels !== undefined && { labels: e.labels }),
      };
    }),
  );
}

function unique(targets: HostTarget[]): HostTarget[] {
  const seen = new Set<string>();
  for (const t of targets) {
    if (seen.has(t.name)) throw new ProbectlError('USAGE', `the host ${t.name} is given twice.`, 'Name each host once.');
    seen.add(t.name);
  }
  return targets;
}
