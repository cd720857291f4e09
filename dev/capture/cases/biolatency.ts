// Capture cases for biolatency while direct writes go to a loop device: libbpf-tools with its flags, stock biolatency.bt, BCC, and probectl's program.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Implementation } from '../../../src/events/index.js';
import type { CaptureCase } from '../capture-case.js';
import type { Workload } from '../workloads/index.js';
import { NO_KPROBES } from './common.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const WRITES = 50;

/** A loop device over a 16 MiB file in /tmp, 50 direct 4 KiB writes to it, then the device detached and the file removed. */
const loopWrites: Workload = {
  describe: `A loop device was attached over a new 16 MiB file in /tmp, then dd wrote ${WRITES} blocks of 4 KiB to it with oflag=direct (one request each), then the device was detached and the file removed; the machine's own disk (vda) went on with its I/O meanwhile.`,
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'pctl-bio-'));
    let device: string | undefined;
    try {
      writeFileSync(join(dir, 'disk.img'), Buffer.alloc(16 * 1024 * 1024));
      device = execFileSync('losetup', ['-f', '--show', join(dir, 'disk.img')], { encoding: 'utf8' }).trim();
      execFileSync('dd', ['if=/dev/zero', `of=${device}`, 'oflag=direct', 'bs=4k', `count=${WRITES}`], { stdio: 'ignore' });
      // The tools print per second: let the interval with the writes end before the device goes.
      await new Promise((resolve) => setTimeout(resolve, 1200));
      return `${device} took the writes`;
    } finally {
      if (device !== undefined) execFileSync('losetup', ['-d', device]);
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

const READY = /Hit Ctrl-C to end\.\n/;
const biolatency = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'biolatency',
  name,
  parser: 'biolatency',
  impl,
  tool,
  argv,
  ready: READY,
  workload: loopWrites,
  durationMs: 2500,
  ...extra,
});
const libbpfBiolatency = (name: string, flags: string[]) => biolatency(name, 'libbpf', 'biolatency', ['/usr/sbin/biolatency', ...flags, '1']);

export const biolatencyCases: CaptureCase[] = [
  libbpfBiolatency('libbpf-default', []),
  libbpfBiolatency('libbpf-D', ['-D']),
  libbpfBiolatency('libbpf-DQ', ['-D', '-Q']),
  libbpfBiolatency('libbpf-mTF', ['-m', '-T', '-F']),
  biolatency('bpftrace', 'bpftrace', 'biolatency.bt', ['bpftrace', '/usr/sbin/biolatency.bt'], { note: NO_KPROBES }),
  biolatency('bcc-noheaders', 'bcc', 'biolatency', ['biolatency-bpfcc', '-D', '1'], {
    note: 'No kernel headers for this kernel (none installed at /lib/modules/$(uname -r)): BCC cannot compile the tool; its error output is the recording.',
  }),
  biolatency('probectl', 'bpftrace', 'probectl-biolatency.bt', () => [...probectlProgram('biolatency', {}), '1000', '0', '0'], {
    ready: /^PROBECTL biolatency v1$/m,
    note: `${PROBECTL_NOTE} Its arguments are --interval 1 without --queued or --per-device: 1000 0 0.`,
  }),
  biolatency('probectl-queued', 'bpftrace', 'probectl-biolatency.bt', () => [...probectlProgram('biolatency', {}), '1000', '1', '0'], {
    ready: /^PROBECTL biolatency v1$/m,
    note: `${PROBECTL_NOTE} Its arguments are --interval 1 --queued: 1000 1 0.`,
  }),
];
