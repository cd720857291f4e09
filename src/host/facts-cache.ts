// The host facts of this boot, kept so that `run` does not load a test program of every attach type each
// time (half a second of bpftrace start-ups). Kept only for root, under /run (gone at reboot), and only
// while everything the measurement read is unchanged: the boot, the kernel, this probectl, the effective
// capabilities, the tools looked for, PATH and the directories on it, installed and offered packages, kernel headers, the tracefs/debugfs
// mounts and the sysctls that gate BPF. One file per fingerprint, so that a network namespace (whose
// `ip netns exec` remounts /sys) and the host do not overwrite each other's. `probectl doctor` always
// measures afresh and renews them.
import { readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchDirs } from './executables.js';
import { readText } from './read-text.js';
import { hostFactsSchema, type HostFacts } from './facts.js';
import type { MeasureOptions } from './measure.js';
import { makeDirectory } from '../core/make-directory.js';

export const FACTS_CACHE_DIR = '/run/probectl/host-facts';
/** The most fingerprints kept at once; the least recently written go first. */
const KEPT = 8;

export interface CacheOptions extends MeasureOptions {
  /** Where the facts are kept (default /run/probectl/host-facts). */
  dir?: string;
  /** The measurement (default measureHostFacts). */
  measure?: (options: MeasureOptions) => Promise<HostFacts>;
}

const mtime = (path: string): number => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

/** Everything the measurement depends on that can change while the machine runs, as text; a different text means measure again. */
export function factsFingerprint(options: MeasureOptions): string {
  const modules = options.modulesDir ?? '/lib/modules';
  const path = options.path ?? process.env.PATH ?? '';
  const parts = [
    'host-facts v1',
    readText('/proc/sys/kernel/random/boot_id').trim(),
    release(),
    String(process.getuid?.()),
    // This probectl: a new build may measure differently. This file's own (every build writes it with measure.js, and
    // every chunk of the bundled command line), since a path beside it need not exist.
    String(mtime(fileURLToPath(import.meta.url))),
    /^CapEff:.*$/m.exec(readText('/proc/self/status'))?.[0] ?? '',
    // The probe modules that ask for them: a probe added or a tool renamed means looking again.
    `bcc=${options.tools.bcc.join(',')}`,
    `libbpf=${options.tools.libbpf.join(',')}`,
    path,
    ...[...searchDirs(path), '/usr/share/bcc/tools', '/usr/sbin'].map((dir) => `${dir}=${mtime(dir)}`),
    `dpkg=${mtime('/var/lib/dpkg/status')}`,
    // What the configured apt repositories offer (remedies name only those packages): apt-get update, or a source added or removed.
    `apt=${mtime('/var/lib/apt/lists')},${mtime('/etc/apt/sources.list')},${mtime('/etc/apt/sources.list.d')}`,
    `modules=${mtime(modules)},${mtime(`${modules}/${release()}`)},${mtime(`${modules}/${release()}/build`)}`,
    // Only the mounts the facts report: network namespaces come and go as bind mounts and change nothing here.
    ...readText('/proc/self/mounts')
      .split('\n')
      .filter((l) => / (tracefs|debugfs|bpf) /.test(l)),
    ...['/proc/sys/kernel/unprivileged_bpf_disabled', '/proc/sys/kernel/perf_event_paranoid', '/sys/kernel/security/lockdown'].map((f) => readText(f).trim()),
  ];
  return parts.join('\n');
}

/**
 * The kept file's name for a fingerprint: its FNV-1a hash, 8 hex digits. The file holds the whole fingerprint, which a
 * read compares, so two fingerprints with one name only take turns in one file. Not sha256: node:crypto would be
 * loaded by every run for it (6 ms of its start, docs/performance.md).
 */
export function fingerprintName(fingerprint: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < fingerprint.length; i++) hash = Math.imul(hash ^ fingerprint.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

interface CacheFile {
  fingerprint: string;
  facts: unknown;
}

const fileOf = (dir: string, fingerprint: string): string => join(dir, `${fingerprintName(fingerprint)}.json`);

/** The kept facts when they are still this host's, else undefined. A file that is not root's alone is ignored. */
function readCache(file: string, fingerprint: string): HostFacts | undefined {
  try {
    const stat = statSync(file);
    if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) return undefined;
    const kept = JSON.parse(readFileSync(file, 'utf8')) as CacheFile;
    if (kept.fingerprint !== fingerprint) return undefined;
    const facts = hostFactsSchema.safeParse(kept.facts, { jitless: true }); // once a run: no fast path compiled for it
    return facts.success ? facts.data : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the facts for the next run; a failure to write only costs that run a measurement. */
function writeCache(dir: string, fingerprint: string, facts: HostFacts): void {
  try {
    makeDirectory(dir, 0o700);
    const file = fileOf(dir, fingerprint);
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, JSON.stringify({ fingerprint, facts } satisfies CacheFile), { mode: 0o600 });
    renameSync(temporary, file);
    const kept = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ path: join(dir, name), at: statSync(join(dir, name)).mtimeMs }));
    for (const old of kept.sort((a, b) => b.at - a.at).slice(KEPT)) rmSync(old.path, { force: true });
  } catch {
    // /run read-only or full, or another probectl pruning at the same time: the measured facts are used all the same.
  }
}

const cacheable = (): boolean => process.getuid?.() === 0;

/** Whether some check got no answer in time: such facts describe a busy moment, not the host. */
export function anyTimedOut(facts: HostFacts): boolean {
  const seen = (value: unknown): boolean =>
    typeof value === 'object' && value !== null && ((value as { timedOut?: unknown }).timedOut === true || Object.values(value).some(seen));
  return seen(facts);
}

/** The limit of the second try when a check timed out: a loaded machine (a test suite, a build) can take seconds to start bpftrace. */
const RETRY_TIMEOUT_FACTOR = 3;

/** Measures; when a check timed out, once more with a longer limit, since a timeout proves nothing about the host. */
async function measureRetryingTimeouts(options: CacheOptions): Promise<HostFacts> {
  // Loaded only here: a run that finds this boot's facts kept loads none of the measurement (its checks, zlib, crypto).
  const { DEFAULT_TIMEOUT_MS, measureHostFacts } = await import('./measure.js');
  const measure = options.measure ?? measureHostFacts;
  const facts = await measure(options);
  if (!anyTimedOut(facts)) return facts;
  return measure({ ...options, timeoutMs: (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) * RETRY_TIMEOUT_FACTOR });
}

/** This boot's host facts: kept ones when nothing they depend on changed, else measured now and kept. */
export async function hostFacts(options: CacheOptions): Promise<HostFacts> {
  const dir = options.dir ?? FACTS_CACHE_DIR;
  if (!cacheable()) return measureRetryingTimeouts(options);
  const fingerprint = factsFingerprint(options);
  const kept = readCache(fileOf(dir, fingerprint), fingerprint);
  if (kept !== undefined) return kept;
  const facts = await measureRetryingTimeouts(options);
  if (!anyTimedOut(facts)) writeCache(dir, fingerprint, facts);
  return facts;
}

/** Measures afresh and keeps the result (doctor). */
export async function freshHostFacts(options: CacheOptions): Promise<HostFacts> {
  const facts = await measureRetryingTimeouts(options);
  if (cacheable() && !anyTimedOut(facts)) writeCache(options.dir ?? FACTS_CACHE_DIR, factsFingerprint(options), facts);
  return facts;
}

/** Drops every kept fact, so that the next run measures: called when a probe fails to start on facts that said it would. */
export function forgetHostFacts(dir = FACTS_CACHE_DIR): void {
  rmSync(dir, { recursive: true, force: true });
}
