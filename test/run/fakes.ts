// Fake executables for the launcher tests: small shell scripts that behave like the real tools, no root needed.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProbeEvent } from '../../src/events/index.js';
import type { ProbePlan } from '../../src/plan/plan.js';
import { PLAN_FILE_VARIABLE } from '../../src/cli/plan-file.js';
import { planToJson } from '../../src/run/plan-json.js';
import { groupMembers } from '../../src/run/stop.js';

export const TCPLIFE_HEADER = 'PID     COMM             LADDR           LPORT RADDR           RPORT TX_KB  RX_KB  MS';
export const TCPLIFE_ROW = '14776   pctl-cli         127.0.0.1       5002  127.0.0.1       5003  64.00  1024.00 6.30';
export const OPENSNOOP_HEADER = 'PID    COMM              FD ERR PATH';
export const OPENSNOOP_ROW = '14639  pctl-open         17   0 /etc/hostname';

/** The half-written row counter ends with. */
export const HALF_ROW = '14639  pctl-open         21   0 /etc/ha';
export const FLOOD_WARNING = 'WARNING: something the tool repeats on stderr, again and again, as fast as it can';
export const FLOOD_LINES = 640_000;
export const FLOOD_ROWS = 200;
export const MANY_BIG_LINES = 400;

/** Every script first notes its pid in $FAKE_STATE/<name>.pid, so that tests can look for leftovers. */
const PROLOGUE = '#!/bin/sh\necho $$ > "$FAKE_STATE/${0##*/}.pid"\n';
const forever = (line: string) => `while :; do echo "${line}"; sleep 0.05; done\n`;

export const scripts = {
  /** libbpf tcplife: a header, then a row every 50 ms; SIGINT ends it. */
  tcplife: `echo "${TCPLIFE_HEADER}"\n${forever(TCPLIFE_ROW)}`,
  /** libbpf opensnoop, the same way. */
  opensnoop: `echo "${OPENSNOOP_HEADER}"\n${forever(OPENSNOOP_ROW)}`,
  /** BCC tcpretrans -c: prints its table only when SIGINT arrives, then exits 0. */
  retranscount: `trap 'printf "\\nLADDR:LPORT               RADDR:RPORT               RETRANSMITS\\n[10.201.0.1]#50812   <-> [10.201.0.2]#5001             7\\n"; exit 0' INT\necho "Tracing retransmits ... Hit Ctrl-C to end"\necho "Possibly lost 3 samples" >&2\nwhile :; do sleep 0.05; done\n`,
  /** Ignores SIGINT: only SIGTERM stops it. */
  deafint: `trap '' INT\necho "${TCPLIFE_HEADER}"\nwhile :; do sleep 0.05; done\n`,
  /** Ignores SIGINT and SIGTERM: only SIGKILL stops it. */
  deafboth: `trap '' INT TERM\necho "${TCPLIFE_HEADER}"\nwhile :; do sleep 0.05; done\n`,
  /** A BCC tool that cannot compile: a traceback on stderr, exit 3, never a header. */
  failearly: `echo "Traceback (most recent call last):" >&2\necho "Exception: Failed to compile BPF module <text>" >&2\nexit 3\n`,
  /** Prints its header and a row, then fails. */
  faillate: `echo "${TCPLIFE_HEADER}"\necho "${TCPLIFE_ROW}"\nsleep 0.2\necho "perf_buffer__poll failed: Bad file descriptor" >&2\nexit 4\n`,
  /** An old BCC: reports its error on stdout and exits 0. */
  exitzero: `echo "ERROR: no kernel headers"\nexit 0\n`,
  /** Never prints a header. */
  silent: `while :; do sleep 0.05; done\n`,
  /** bpftrace 0.24+: "Attaching N probes..." on stderr, then printf lines on stdout. */
  stderrready: `echo "Attaching 2 probes..." >&2\necho "WARNING: couldn't set RLIMIT_MEMLOCK" >&2\n${forever('hello from bpftrace')}`,
  /** A header split across two writes. */
  splitheader: `printf "PID     COMM             LADDR           LPORT RADDR    "\nsleep 0.1\nprintf "       RPORT TX_KB  RX_KB  MS\\n"\n${forever(TCPLIFE_ROW)}`,
  /** Bytes that are not UTF-8 in a path. */
  binary: `echo "${OPENSNOOP_HEADER}"\nprintf '14639  pctl-open         17   0 /tmp/caf\\351\\377\\n'\n${forever(OPENSNOOP_ROW)}`,
  /** A line far longer than any bound a test sets. */
  longline: `echo "${OPENSNOOP_HEADER}"\nhead -c 100000 /dev/zero | tr '\\0' x\necho\n${forever(OPENSNOOP_ROW)}`,
  /** Says whether it was started with SIGINT ignored: its SigIgn mask, then a header. */
  sigign: `grep SigIgn /proc/$$/status\necho "${TCPLIFE_HEADER}"\nwhile :; do sleep 0.05; done\n`,
  /** Starts a grandchild that outlives it unless its process group is stopped (a background job ignores SIGINT). */
  grandchild: `sleep 300 &\necho $! > "$FAKE_STATE/grandchild-sleep.pid"\necho "${TCPLIFE_HEADER}"\nwhile :; do sleep 0.05; done\n`,
  /** Prints 20 rows (fd 1 to 20) and half of a 21st, notes that in $FAKE_STATE/counter.done, then waits to be killed. */
  counter: `echo "${OPENSNOOP_HEADER}"\ni=0\nwhile [ $i -lt 20 ]; do i=$((i+1)); echo "14639  pctl-open         $i   0 /etc/hostname"; done\nprintf '${HALF_ROW}'\necho done > "$FAKE_STATE/counter.done"\nwhile :; do sleep 0.05; done\n`,
  /** Floods stderr with 640,000 warnings (52,480,000 bytes) as fast as a pipe takes them, while it prints 200 rows (fd 1 to 200) on stdout, one every 10 ms. */
  flood: `echo "${OPENSNOOP_HEADER}"\nyes "${FLOOD_WARNING}" | head -n ${FLOOD_LINES} >&2 &\ni=0\nwhile [ $i -lt ${FLOOD_ROWS} ]; do i=$((i+1)); echo "14639  pctl-open         $i   0 /etc/hostname"; sleep 0.01; done\nwait\necho done > "$FAKE_STATE/flood.done"\nwhile :; do sleep 0.05; done\n`,
  /** A 1,000,000-byte line on stdout, a 2 MiB line starting with two bytes that are not UTF-8 on stderr, then a row. */
  biglines: `echo "${OPENSNOOP_HEADER}"\nhead -c 1000000 /dev/zero | tr '\\0' x\necho\n{ printf '\\377\\376'; head -c 2097152 /dev/zero | tr '\\0' y; echo; } >&2\necho "${OPENSNOOP_ROW}"\nwhile :; do sleep 0.05; done\n`,
  /** 400 lines of 1,000,000 bytes as fast as it can, then a row: a reader that stalls must not make probectl hold them all. */
  manybiglines: `echo "${OPENSNOOP_HEADER}"\ni=0\nwhile [ $i -lt ${MANY_BIG_LINES} ]; do i=$((i+1)); head -c 1000000 /dev/zero | tr '\\0' x; echo; done\necho "${OPENSNOOP_ROW}"\nwhile :; do sleep 0.05; done\n`,
  /** Loads for ever: says so on stdout and stderr but never prints its header. */
  noheader: `echo "loading BPF object"\necho "libbpf: map 'events': failed to create: Operation not permitted" >&2\nwhile :; do sleep 0.05; done\n`,
  /** 2,000 rows at once, then one every 50 ms: fills a small disk at once. */
  burst: `echo "${OPENSNOOP_HEADER}"\ni=0\nwhile [ $i -lt 2000 ]; do i=$((i+1)); echo "14639  pctl-open         $i   0 /etc/hostname"; done\n${forever(OPENSNOOP_ROW)}`,
  /** bpftrace-like: its ready line, then every 100 ms the wall clock it sees (ms since the epoch, from date) and the row's number. */
  wallclock: `echo "Attaching 1 probe..." >&2\nn=0\nwhile :; do n=$((n + 1)); echo "wall $(date +%s%3N) $n"; sleep 0.1; done\n`,
  /** Exits 0 by itself after its header, leaving a grandchild behind. */
  orphaner: `sleep 300 &\necho $! > "$FAKE_STATE/orphaner-sleep.pid"\necho "${TCPLIFE_HEADER}"\necho "${TCPLIFE_ROW}"\nexit 0\n`,
} as const;
export type FakeName = keyof typeof scripts;

export interface Fakes {
  dir: string;
  path(name: FakeName): string;
  plan(name: FakeName, overrides?: Partial<ProbePlan>): ProbePlan;
  /** Pids the fakes (and their grandchildren) wrote. */
  pids(): number[];
  /** Forgets the pids written so far. */
  clearPids(): void;
  /**
   * Writes the plans of these fakes where `probectl run` reads them instead of planning (PLAN_FILE_VARIABLE),
   * as dir/file, and returns its path.
   */
  planFile(dir: string, names: readonly FakeName[], privileges?: { root: boolean; capabilities: string[] }, file?: string): string;
  remove(): void;
}

const PARSERS: Partial<Record<FakeName, Pick<ProbePlan, 'parser' | 'impl' | 'backend' | 'ready'>>> = {
  opensnoop: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  binary: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  longline: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  counter: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  flood: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  biglines: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  manybiglines: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  burst: { parser: 'opensnoop', impl: 'libbpf', backend: 'libbpf', ready: /PATH\n/ },
  retranscount: { parser: 'tcpretrans', impl: 'bcc', backend: 'bcc', ready: /Hit Ctrl-C to end/ },
  failearly: { parser: 'tcplife', impl: 'bcc', backend: 'bcc', ready: /MS\n/ },
  exitzero: { parser: 'tcplife', impl: 'bcc', backend: 'bcc', ready: /MS\n/ },
  stderrready: { parser: 'bpftrace', impl: 'bpftrace', backend: 'bpftrace', ready: /Attaching \d+ probes/ },
  wallclock: { parser: 'bpftrace', impl: 'bpftrace', backend: 'bpftrace', ready: /Attaching \d+ probe/ },
};

export function makeFakes(): Fakes {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-fakes-'));
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(dir, name), PROLOGUE + body);
    chmodSync(join(dir, name), 0o755);
  }
  return makeFakesIn(dir);
}

/** The fakes already written in dir (by makeFakes, in another process). */
export function makeFakesIn(dir: string): Fakes {
  return {
    dir,
    path: (name) => join(dir, name),
    plan: (name, overrides = {}) => ({
      probe: name,
      argv: [join(dir, name)],
      env: { FAKE_STATE: dir },
      filters: {},
      ...(PARSERS[name] ?? { parser: 'tcplife', impl: 'libbpf', backend: 'libbpf', ready: /MS\n/ }),
      ...overrides,
    }),
    // A fake stopped between its shell truncating a pid file and writing it leaves the file empty: that is no pid (read
    // as 0 it would name the kernel's threads, process group 0). What such a fake started is found by runningFrom().
    pids: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.pid'))
        .map((f) => readFileSync(join(dir, f), 'utf8').trim())
        .filter((text) => /^[1-9]\d*$/.test(text))
        .map(Number),
    clearPids: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.pid'))
        .forEach((f) => rmSync(join(dir, f))),
    planFile(into, names, privileges = ROOT, file = 'plans.json') {
      const path = join(into, file);
      writeFileSync(path, JSON.stringify({ privileges, plans: names.map((n) => planToJson(this.plan(n))) }));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** True while the process exists and is not a zombie (here PID 1 may not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line names a file in dir: fakes that never got to write their pid count too. */
export function runningFrom(dir: string): number[] {
  return readdirSync('/proc')
    .filter((f) => /^\d+$/.test(f))
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir + '/') && isAlive(pid);
      } catch {
        return false;
      }
    });
}

/** Pids still running among those given, and in their process groups. */
export function leftovers(pids: readonly number[]): number[] {
  return [...new Set([...pids.filter(isAlive), ...pids.flatMap((p) => groupMembers(p))])];
}

export async function collect(events: AsyncIterable<ProbeEvent>): Promise<ProbeEvent[]> {
  const out: ProbeEvent[] = [];
  for await (const e of events) out.push(e);
  return out;
}

export const statuses = (events: ProbeEvent[], probe?: string) =>
  events.flatMap((e) => (e.type === 'probe.status' && (probe === undefined || e.probe === probe) ? [e] : []));

export const ROOT = { root: true, capabilities: [] as string[] };

/** What a suite of `probectl run` commands over the fakes works with. */
export interface FakeRun {
  fakes: Fakes;
  /** A folder of the suite's own, removed with the fakes. */
  work: string;
  /** base's variables, and PLAN_FILE_VARIABLE naming the plans of the fakes asked for, written in work. */
  env: NodeJS.ProcessEnv;
}

/** Makes the fakes and a work folder named after prefix, with the plans of names where `probectl run` reads them. */
export function setUpFakeRun(prefix: string, names: readonly FakeName[], base: NodeJS.ProcessEnv = process.env): FakeRun {
  const fakes = makeFakes();
  const work = mkdtempSync(join(tmpdir(), `probectl-${prefix}-`));
  return { fakes, work, env: { ...base, [PLAN_FILE_VARIABLE]: fakes.planFile(work, names) } };
}

/** Removes what setUpFakeRun made. */
export function removeFakeRun(fakes: Fakes, work: string): void {
  fakes.remove();
  rmSync(work, { recursive: true, force: true });
}
