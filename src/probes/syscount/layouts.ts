// Every syscount layout: libbpf-tools' and BCC's tables (-P, -L, -m, -x), stock syscount.bt's maps, and probectl's program.
import { left, right } from '../../core/printf.js';
import type { Layout } from '../../core/layout.js';
import { PROBECTL_LAYOUT } from '../../core/probectl-layout.js';

/** The columns of a libbpf-tools or BCC table. */
export interface TableShape {
  impl: 'libbpf' | 'bcc';
  /** -P: PID and COMM instead of the call. */
  process: boolean;
  /** -L: a TIME column, in microseconds, or milliseconds with -m. */
  latency: 'none' | 'us' | 'ms';
  /** -x or -e: only failed calls were counted. Nothing in the table says so: the plan names the layout (or BCC's banner says "failed"). */
  failures: boolean;
}

export interface TableLayout extends Layout {
  shape: TableShape;
  header: string;
}

/** Both implementations print "%-22s %8s" (and " %16s" with -L): the header alone does not tell them apart. */
export function tableHeader(s: Omit<TableShape, 'impl' | 'failures'>): string {
  const first = `${left(s.process ? 'PID    COMM' : 'SYSCALL', 22)} ${right('COUNT', 8)}`;
  return s.latency === 'none' ? first : `${first} ${right(s.latency === 'ms' ? 'TIME (ms)' : 'TIME (us)', 16)}`;
}

export function tableLayoutName(s: TableShape): string {
  const flags = (s.process ? 'P' : '') + (s.latency === 'none' ? '' : s.latency === 'us' ? 'L' : 'Lm') + (s.failures ? 'x' : '');
  return flags === '' ? s.impl : `${s.impl}-${flags}`;
}

function* shapes(): Generator<TableShape> {
  for (const impl of ['libbpf', 'bcc'] as const)
    for (const process of [false, true])
      for (const latency of ['none', 'us', 'ms'] as const) for (const failures of [false, true]) yield { impl, process, latency, failures };
}

export const tableLayouts: readonly TableLayout[] = [...shapes()].map((shape) => {
  const header = tableHeader(shape);
  const tool = shape.impl === 'bcc' ? 'syscount-bpfcc' : 'syscount';
  const what = shape.failures ? 'failed calls (-x or -e), ' : '';
  return {
    name: tableLayoutName(shape),
    impl: shape.impl,
    tool,
    description: `${shape.impl} syscount 0.26+: [HH:MM:SS] per interval, then ${what}"${header}"`,
    shape,
    header,
  };
});

export const stockLayout: Layout = {
  name: 'bt',
  impl: 'bpftrace',
  tool: 'syscount.bt',
  description:
    'syscount.bt (bpftrace 0.17+): at the end, "Top 10 syscalls IDs:" then @syscall[<nr>]: <count>, "Top 10 processes:" then @process[<comm>]: <count>',
};

export const PROBECTL_SYSCOUNT_HEADER = 'PROBECTL syscount v1';

export const probectlLayout: Layout = {
  name: PROBECTL_LAYOUT,
  impl: 'bpftrace',
  tool: 'probectl-syscount.bt',
  description: `probectl's scripts-bt/syscount.bt (bpftrace 0.17+): "SYSCALLS <nr> <name> ...", "${PROBECTL_SYSCOUNT_HEADER}", then per interval one generation of its @calls, @failed and @ns maps (@calls0 or @calls1, ...) and "INTERVAL <ms>"`,
};
