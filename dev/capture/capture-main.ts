// Captures the project's recordings on this machine: node dist/dev/capture/capture-main.js [filter on "<probe>/<name>"]
import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { release } from 'node:os';
import { join } from 'node:path';
import type { Implementation } from '../../src/events/index.js';
import { packageRoot } from '../../src/plan/package-root.js';
import { writeRecording, type RecordingMeta } from '../../src/recording/format.js';
import { captureCommand } from './capture.js';
import type { CaptureCase } from './capture-case.js';
import { cases } from './cases/index.js';

const RECORDINGS = join(packageRoot(), 'recordings') + '/';
/** Recordings name a fixed host, not this machine's. */
const HOST = 'lab';

const shell = (argv: string[]) => execFileSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8' }).trim();
const versions: Record<Implementation, () => string> = {
  bpftrace: () => shell(['bpftrace', '--version']).replace(/^bpftrace v?/, ''),
  bcc: () => shell(['dpkg-query', '-W', '-f', '${Version}', 'bpfcc-tools']),
  libbpf: () => shell(['dpkg-query', '-W', '-f', '${Version}', 'libbpf-tools']),
  probectl: () => process.env.npm_package_version ?? '0.0.0',
};

/** What the runner really executes: C and C++ tools line-buffered, Python unbuffered. */
function command(c: CaptureCase): { argv: string[]; env: Record<string, string> } {
  const argv = typeof c.argv === 'function' ? c.argv() : c.argv;
  if (c.impl === 'bcc') return { argv, env: { PYTHONUNBUFFERED: '1' } };
  return { argv: ['stdbuf', '-oL', ...argv], env: {} };
}

/** A path inside probectl (its native loader, its BCC script) as the package names it, not as this checkout's place on disk. */
const shippedPath = (word: string): string => (word.startsWith(packageRoot() + '/') ? word.slice(packageRoot().length + 1) : word);

async function capture(c: CaptureCase): Promise<string> {
  const { argv, env } = command(c);
  const fixtures = c.needs ?? [];
  const setUp: typeof fixtures = [];
  let facts: string | undefined;
  try {
    for (const f of fixtures) {
      setUp.push(f);
      await f.setUp();
    }
    const workload = c.workload;
    const result = await captureCommand({
      argv,
      env,
      ready: c.ready,
      readyTimeoutMs: 60_000,
      durationMs: c.durationMs ?? 1500,
      stdinPipe: c.stdinPipe,
      workload: workload && (async () => void (facts = (await workload.run()) ?? undefined)),
    });
    const meta: RecordingMeta = {
      probe: c.probe,
      parser: c.parser,
      argv: argv.map(shippedPath),
      tool: { impl: c.impl, name: c.tool, version: c.version?.() ?? versions[c.impl]() },
      kernel: release(),
      host: HOST,
      started_at: result.startedAt,
      workload:
        result.readyAt === undefined
          ? 'None: the tool ended before printing its header, so no workload ran.'
          : [workload?.describe ?? 'None.', facts].filter(Boolean).join(' '),
      note: c.note,
    };
    const dir = `${RECORDINGS}${c.probe}/${c.name}`;
    await rm(dir, { recursive: true, force: true });
    await writeRecording(dir, meta, result);
    const lines = (b: Buffer) => b.toString('utf8').split('\n').length - 1;
    return `ready ${result.readyAt === undefined ? 'never' : `${Math.round(result.readyAt)} ms`}, exit ${result.exitCode ?? result.signal}, stdout ${lines(result.stdout)} lines / ${result.stdout.length} B, stderr ${lines(result.stderr)} lines`;
  } finally {
    for (const f of setUp.reverse()) await f.tearDown().catch((e: unknown) => console.error(`  tear-down of ${f.name} failed: ${String(e)}`));
  }
}

let interrupted = false;
process.on('SIGINT', () => {
  console.error('interrupted: finishing the current case and cleaning up');
  interrupted = true;
});

const filter = process.argv[2] ?? '';
let failures = 0;
for (const c of cases.filter((c) => `${c.probe}/${c.name}`.includes(filter))) {
  if (interrupted) break;
  const id = `${c.probe}/${c.name}`;
  try {
    console.log(`${id}: ${await capture(c)}`);
  } catch (e) {
    failures++;
    console.error(`${id}: FAILED: ${e instanceof Error ? e.message : String(e)}`);
  }
}
process.exitCode = failures > 0 || interrupted ? 1 : 0;
