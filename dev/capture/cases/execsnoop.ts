// Capture cases for execsnoop: libbpf-tools with each flag that changes its rows or what it keeps, stock execsnoop.bt, BCC, and probectl's program.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Implementation } from '../../../src/events/index.js';
import type { CaptureCase } from '../capture-case.js';
import type { Workload } from '../workloads/index.js';
import { PROBECTL_NOTE, probectlProgram } from './probectl-program.js';

const COMM = 'pctl-exec';
const DIR = '/tmp/pctl-exec';

/**
 * As comm "pctl-exec", forks one child per exec: five run DIR/pctl-exec (a link to /bin/true) with four arguments holding a
 * space, a double quote, the byte 0xff and a newline; then one runs a path that does not exist and one a file without
 * execute permission. Each child reports the errno it got as its exit status.
 */
const SPAWNER = `
import ctypes, os, sys
ctypes.CDLL(None).prctl(15, b"${COMM}", 0, 0, 0)
d = b"${DIR}"
os.makedirs(d, exist_ok=True)
prog, missing, plain = d + b"/${COMM}", d + b"/missing", d + b"/not-executable"
if not os.path.islink(prog): os.symlink(b"/bin/true", prog)
open(plain, "w").close(); os.chmod(plain, 0o644)
calls = [(prog, [prog, b"arg %d" % i, b'q"u', b"\\xff", b"nl\\nx"]) for i in range(5)]
calls += [(missing, [missing, b"x"]), (plain, [plain, b"y"])]
for path, argv in calls:
    pid = os.fork()
    if pid == 0:
        try: os.execv(path, argv)
        except OSError as e: os._exit(e.errno)
    os.waitpid(pid, 0)
`;

const spawnExecs: Workload = {
  describe:
    `A python3 process with comm "${COMM}" forked one child per exec: five ran ${DIR}/${COMM} (a symbolic link to /bin/true) with the arguments ` +
    `"arg N" (N from 0 to 4), 'q"u', the single byte 0xff and "nl<newline>x"; then one ran ${DIR}/missing (ENOENT) and one ${DIR}/not-executable, ` +
    'a file of mode 0644 (EACCES), each with one argument.',
  async run() {
    execFileSync('python3', ['-c', SPAWNER], { stdio: 'ignore', timeout: 20_000 });
  },
};

const execsnoop = (name: string, impl: Implementation, tool: string, argv: CaptureCase['argv'], extra: Partial<CaptureCase> = {}): CaptureCase => ({
  probe: 'execsnoop',
  name,
  parser: 'execsnoop',
  impl,
  tool,
  argv,
  ready: /ARGS\n/,
  workload: spawnExecs,
  ...extra,
});
/** -n keeps the calls whose comm (after the call) holds the name: the spawner's children, whether their exec worked or not. */
const libbpfExecsnoop = (name: string, flags: string[], extra: Partial<CaptureCase> = {}) =>
  execsnoop(name, 'libbpf', 'execsnoop', ['/usr/sbin/execsnoop', ...flags, '-n', COMM], extra);

/** Stock execsnoop.bt with a comm predicate on its sys_enter probes; its output statements are untouched. */
function execsnoopBtForWorkload(): string[] {
  const stock = readFileSync('/usr/sbin/execsnoop.bt', 'utf8');
  const filtered = stock.replace(/(tracepoint:syscalls:sys_enter_exec\*\s*\n)\{/, `$1/comm == "${COMM}"/\n{`);
  if (filtered === stock) throw new Error('/usr/sbin/execsnoop.bt has changed: no sys_enter_exec* probe block to filter');
  return ['bpftrace', '-e', filtered];
}

/** The program as `run` generates it without --uid: the slot of execsnoop's own option left out. */
const withoutUidSlot = (word: string): string => word.replace(/\n[ \t]*\/\/ probectl:uid\(\$uid\)[ \t]*(?=\n)/, '');

export const execsnoopCases: CaptureCase[] = [
  libbpfExecsnoop('libbpf-default', []),
  libbpfExecsnoop('libbpf-x', ['-x']),
  libbpfExecsnoop('libbpf-T', ['-x', '-T']),
  libbpfExecsnoop('libbpf-t', ['-x', '-t']),
  libbpfExecsnoop('libbpf-U', ['-x', '-U']),
  libbpfExecsnoop('libbpf-q', ['-x', '-q']),
  libbpfExecsnoop('libbpf-TtUq', ['-x', '-T', '-t', '-U', '-q']),
  libbpfExecsnoop('libbpf-max-args', ['-x', '-q', '--max-args', '3'], {
    note: 'With --max-args 3 the tool keeps three arguments (the file name and two) and prints " ..." for the rest.',
  }),
  libbpfExecsnoop('libbpf-u', ['-x', '-u', '0'], { note: '-u 0: only calls by uid 0 (the workload ran as root), same rows.' }),
  libbpfExecsnoop('libbpf-cgroup', ['-x', '-c', '/sys/fs/cgroup/unified'], {
    note: '-c with the root of the cgroup v2 hierarchy (mounted at the default path here): every process is under it, same rows.',
  }),
  execsnoop('bpftrace', 'bpftrace', 'execsnoop.bt', execsnoopBtForWorkload, {
    note:
      `The script is /usr/sbin/execsnoop.bt with one line added, the predicate /comm == "${COMM}"/ on its sys_enter probes: the stock script has no filter, ` +
      "and this machine is shared, so other processes' execs would fill the capture. Its BEGIN and printf statements are unchanged.",
  }),
  execsnoop('bcc', 'bcc', 'execsnoop', ['execsnoop-bpfcc', '-x', '-n', COMM], {
    note: 'BCC compiles its program against kernel headers, and this kernel has none (nor kprobes, which execsnoop-bpfcc attaches): the tool fails; its error output is the recording.',
  }),
  execsnoop(
    'probectl',
    'bpftrace',
    'probectl-execsnoop.bt',
    () => ['env', 'BPFTRACE_STRLEN=96', ...probectlProgram('execsnoop', { comm: COMM }).map(withoutUidSlot)],
    {
      ready: /^PROBECTL execsnoop v1$/m,
      note: PROBECTL_NOTE,
    },
  ),
];
