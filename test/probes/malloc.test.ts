// The malloc probe without the kernel: its reports read into memory.outstanding and memory.rate, its program, its libc lookup.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportedAllocators, libcOfMaps } from '../../src/probes/malloc/libc.js';
import { mallocParser } from '../../src/probes/malloc/parser.js';
import { mallocProgram } from '../../src/probes/malloc/program.js';
import { bodies, parseText } from '../helpers.js';

const LIBC = '/usr/lib/x86_64-linux-gnu/libc.so.6';
const APP = '/srv/app';

/** A report as bpftrace 0.17 printed it (frames as `ustack(perf)`: address, symbol+offset, module). */
function report(generation: number, slots: number, maps: string, top = 10): string {
  return `REPORT\t${generation}\t${slots}\t1000\t${slots === 0 ? 0 : 2000}\t64\t${top}\n${maps}@full: 0\nEND\n`;
}

const entry = (map: string, pid: number, frames: string[], value: number): string => `@${map}[${pid}, \n${frames.map((f) => `\t${f}\n`).join('')}]: ${value}\n`;

const LEAK = ['55d0c0a011b2 hold_blocks+9 (/srv/app)', '55d0c0a0123e main+185 (/srv/app)'];
const BUFFER = ['7f795ba8c8cc _IO_file_doallocate+140 (/usr/lib/x86_64-linux-gnu/libc.so.6)'];

describe('malloc parser', () => {
  it('reports the stacks holding the most bytes first, with the totals over every stack, and the calls per function', () => {
    const text =
      'PROBECTL malloc v1\n' +
      report(
        3,
        0,
        entry('hb', 42, LEAK, 33600) +
          entry('hb', 42, BUFFER, 4096) +
          entry('hc', 42, BUFFER, 1) +
          entry('hc', 42, LEAK, 700) +
          '@calls[42, free]: 300\n@calls[42, malloc]: 1001\n@bytes[42, free]: 14400\n@bytes[42, malloc]: 52096\n',
      );
    const events = bodies(parseText(mallocParser, text));
    const totals = { total_bytes: 37696, total_allocations: 701, min_age_s: 0 };
    assert.deepEqual(events, [
      { type: 'memory.outstanding', pid: 42, stack: ['hold_blocks+9 (/srv/app)', 'main+185 (/srv/app)'], bytes: 33600, allocations: 700, rank: 1, ...totals },
      { type: 'memory.outstanding', pid: 42, stack: [BUFFER[0]!.slice(13)], bytes: 4096, allocations: 1, rank: 2, ...totals },
      { type: 'memory.rate', pid: 42, function: 'free', calls: 300, bytes: 14400, interval_ms: 1000 },
      { type: 'memory.rate', pid: 42, function: 'malloc', calls: 1001, bytes: 52096, interval_ms: 1000 },
    ]);
  });

  it('keeps --top stacks per process', () => {
    const text =
      'PROBECTL malloc v1\n' +
      report(1, 0, entry('hb', 42, LEAK, 100) + entry('hc', 42, LEAK, 1) + entry('hb', 42, BUFFER, 50) + entry('hc', 42, BUFFER, 1), 1);
    assert.deepEqual(
      bodies(parseText(mallocParser, text)).map((e) => [e.bytes, e.rank, e.total_bytes]),
      [[100, 1, 150]],
    );
  });

  it('leaves out what the young generations hold: the current one and the four before it, not the slot to be cleared next', () => {
    // Generation 7 of 6 slots: young are 7, 6, 5, 4, 3 (slots 1, 0, 5, 4, 3); slot 2 holds generation 2, already old.
    const text =
      'PROBECTL malloc v1\n' +
      report(
        7,
        6,
        entry('hb', 42, LEAK, 1000) +
          entry('hc', 42, LEAK, 10) +
          entry('y1b', 42, LEAK, 300) +
          entry('y1c', 42, LEAK, 3) +
          entry('y3b', 42, LEAK, 100) +
          entry('y3c', 42, LEAK, 1) +
          entry('y2b', 42, LEAK, 500) +
          entry('y2c', 42, LEAK, 5),
      );
    const [held] = bodies(parseText(mallocParser, text));
    assert.deepEqual([held!.bytes, held!.allocations, held!.min_age_s], [600, 6, 2]);
  });

  it('leaves out a stack whose allocations are all young', () => {
    const text =
      'PROBECTL malloc v1\n' + report(0, 6, entry('hb', 42, LEAK, 48) + entry('hc', 42, LEAK, 1) + entry('y0b', 42, LEAK, 48) + entry('y0c', 42, LEAK, 1));
    assert.deepEqual(bodies(parseText(mallocParser, text)), []);
  });

  it('names the frames of a report printed after the process exited by what the same addresses resolved to before', () => {
    const gone = ['55d0c0a011b2 0x55d0c0a011b2 ([unknown])', '55d0c0a0123e 0x55d0c0a0123e ([unknown])'];
    const text =
      'PROBECTL malloc v1\n' +
      report(1, 0, entry('hb', 42, LEAK, 96) + entry('hc', 42, gone, 2)) +
      'EXIT\t42\n' +
      report(2, 0, entry('hb', 42, gone, 96) + entry('hc', 42, gone, 2));
    const events = bodies(parseText(mallocParser, text));
    assert.deepEqual(
      events.map((e) => (e.type === 'memory.outstanding' ? [e.stack, e.bytes, e.allocations] : [e.type, e.level, e.message])),
      [
        [['hold_blocks+9 (/srv/app)', 'main+185 (/srv/app)'], 96, 2],
        ['tool.diagnostic', 'info', 'process 42 exited: the next report is what it held when it exited'],
        [['hold_blocks+9 (/srv/app)', 'main+185 (/srv/app)'], 96, 2],
      ],
    );
  });

  it('warns once per report in which the allocation map turned allocations away', () => {
    const full = (n: number) => `REPORT\t1\t0\t1000\t0\t64\t10\n@full: ${n}\nEND\n`;
    const events = bodies(parseText(mallocParser, `PROBECTL malloc v1\n${full(5)}${full(5)}${full(8)}`));
    assert.deepEqual(
      events.map((e) => e.message),
      [
        'the allocation map is full (64 live allocations): 5 more were not tracked; raise --max-allocations',
        'the allocation map is full (64 live allocations): 3 more were not tracked; raise --max-allocations',
      ],
    );
  });

  it('drops a report cut off before its END with a warning, and reads odd lines as diagnostics', () => {
    const text = `PROBECTL malloc v1\nsomething else\nREPORT\t1\t0\t1000\t0\t64\t10\n${entry('hb', 42, LEAK, 48)}`;
    assert.deepEqual(
      bodies(parseText(mallocParser, text)).map((e) => [e.type, e.level]),
      [
        ['tool.diagnostic', 'unparsed'],
        ['tool.diagnostic', 'warning'],
      ],
    );
  });
});

describe('malloc program', () => {
  const functions = new Set(['malloc', 'calloc', 'realloc', 'free', 'posix_memalign'] as const);
  const spec = { libc: LIBC, functions, intervalMs: 1000, minAgeMs: 0, maxAllocations: 64, top: 10 };

  it('filters every uprobe by the pid in the kernel, and ends when the process exits', () => {
    const program = mallocProgram({ ...spec, pid: 4242 });
    const probes = program.split('\n').filter((l) => l.startsWith('uprobe:') || l.startsWith('uretprobe:'));
    assert.equal(probes.length, 9, 'entry and return of malloc, calloc, realloc and posix_memalign, entry of free');
    assert.ok(probes.every((p) => p.includes(`${LIBC}:`) && p.includes('/pid == 4242/')));
    // The last report waits for the process to be reaped: bcc names no stacks of a zombie (program.ts says why).
    assert.match(program, /^tracepoint:sched:sched_process_exit \/pid == 4242 && tid == 4242\/ \{ @exited = 1; \}$/m);
    assert.match(program, /^tracepoint:sched:sched_process_free \/args->pid == 4242\/ \{ printf\("EXIT\\t%d\\n", 4242\); printf\("REPORT.* exit\(\); \}$/m);
    assert.match(program, /^interval:ms:1000 \/@exited == 0\/ \{ printf\("REPORT/m);
    assert.doesNotMatch(program, /aligned_alloc|@y0b/);
  });

  it('keeps the generation ring only with --min-age, and leaves out probectl and bpftrace with --all', () => {
    const program = mallocProgram({ ...spec, minAgeMs: 4000, selfPid: 99 });
    assert.match(program, /^interval:ms:1000 \{/m);
    assert.match(program, /^interval:ms:1000 \{ if \(\(\(uint64\)@gen \+ 1\) % 6 == 0\) \{ clear\(@y0b\); clear\(@y0c\); \}/m);
    assert.match(program, /\/comm != "bpftrace" && pid != 99\//);
    assert.doesNotMatch(program, /sched_process_exit/);
  });
});

describe('malloc libc lookup', () => {
  it('finds the libc a process mapped, and none in a static binary', () => {
    const maps = `55d0c0a00000-55d0c0a01000 r--p 00000000 fe:00 1 ${APP}\n7f48fd237000-7f48fd25d000 r--p 00000000 fe:00 339380                     ${LIBC}\n`;
    assert.equal(libcOfMaps(maps), LIBC);
    assert.equal(libcOfMaps(`00400000-00401000 r--p 00000000 fe:00 2 /srv/static-app\n7ffd1000-7ffd2000 rw-p 00000000 00:00 0 [stack]\n`), undefined);
  });

  it('has the four functions every libc has, and an aligned one only where its name ends a string of the library', () => {
    const found = exportedAllocators(Buffer.from('\0__libc_malloc\0aligned_alloc\0valloc_x\0'));
    assert.deepEqual([...found].sort(), ['aligned_alloc', 'calloc', 'free', 'malloc', 'realloc']);
  });
});
