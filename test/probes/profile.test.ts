// profile's parser on the stack maps captured here (C++ frames from a real C++ program) and on the shapes of output it must not misread.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '../../src/api/parse.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';
import { foldedKey } from '../../src/probes/profile/fold.js';
import { profileProgram } from '../../src/probes/profile/program.js';
import { profileOptionsSchema } from '../../src/probes/profile/options.js';
import { repoRoot } from '../recordings.js';

type Stack = EventOf<'profile.stack'>;

async function parsed(text: string, layout?: string): Promise<ProbeEvent[]> {
  const out: ProbeEvent[] = [];
  for await (const e of parse([text], { tool: 'profile', validate: true, ...(layout && { layout }) })) out.push(e);
  return out;
}
const stacks = (events: ProbeEvent[]): Stack[] => events.filter((e): e is Stack => e.type === 'profile.stack');
const recorded = (name: string, file = 'stdout') => readFileSync(join(repoRoot, 'recordings', 'profile', name, file), 'utf8');
const total = (events: Stack[]) => events.reduce((n, e) => n + e.count, 0);

const AREA = 'geo::Shape<double>::area(int, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&) const';
const BURN =
  'burn(std::map<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::vector<int, std::allocator<int> >, ' +
  'std::less<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > >, std::allocator<std::pair<std::__cxx11::basic_string<char, ' +
  'std::char_traits<char>, std::allocator<char> > const, std::vector<int, std::allocator<int> > > > >&, double)';

describe('profile parser on the recordings', () => {
  it('bpftrace text: every entry of the map, its count, comm and pid, and the C++ frames whole with their offsets', async () => {
    const text = recorded('bpftrace-text');
    const counts = [...text.matchAll(/, pctl-shapes, (\d+)\]: (\d+)$/gm)];
    const events = await parsed(text);
    const got = stacks(events);
    assert.ok(counts.length > 0);
    assert.equal(got.length, counts.length, 'one event per map entry');
    assert.deepEqual(
      got.map((e) => [e.comm, e.pid, e.count]),
      counts.map((m) => ['pctl-shapes', Number(m[1]), Number(m[2])]),
    );
    assert.ok(!events.some((e) => e.type === 'tool.diagnostic' && e.level === 'unparsed'));
    const user = got.find((e) => e.kstack.length === 0 && e.ustack[0]?.fn === AREA)!;
    assert.deepEqual(
      user.ustack.map((f) => f.fn),
      [AREA, BURN, 'main', '__libc_start_call_main'],
    );
    assert.deepEqual(
      user.ustack.map((f) => f.offset),
      [Number(/area\(int, [^\n]*\) const\+(\d+)\n/.exec(text)![1]), 155, 66, 122],
    );
    // The frames a stack holds are exactly its indented lines.
    const frameLines = text.split('\n').filter((l) => l.startsWith('    ')).length;
    assert.equal(
      got.reduce((n, e) => n + e.kstack.length + e.ustack.length, 0),
      frameLines,
    );
  });

  it('bpftrace -f json, perf mode: the map values, the modules of user frames and none on kernel frames', async () => {
    const text = recorded('bpftrace-json');
    const values = text
      .split('\n')
      .filter((l) => l.startsWith('{"type": "map"'))
      .flatMap((l) => Object.values((JSON.parse(l) as { data: { '@': Record<string, number> } }).data['@']));
    const got = stacks(await parsed(text));
    assert.deepEqual(
      got.map((e) => e.count),
      values,
    );
    const named = got.filter((e) => e.ustack[0]?.fn === AREA);
    assert.ok(named.length > 0);
    for (const e of named) {
      assert.deepEqual(
        e.ustack.map((f) => f.module),
        ['/tmp/pctl-shapes/pctl-shapes', '/tmp/pctl-shapes/pctl-shapes', '/tmp/pctl-shapes/pctl-shapes', '/usr/lib/x86_64-linux-gnu/libc.so.6'],
      );
      assert.equal(e.ustack[1]!.fn, BURN);
      assert.ok(e.kstack.every((f) => f.module === undefined && f.addr!.startsWith('ffffffff')));
      assert.ok(e.ustack.every((f) => /^[0-9a-f]+$/.test(f.addr!)));
    }
  });

  it("probectl's program: @samples add up to the stacks' counts, and bare addresses of an exited process take the names bpftrace gave them before", async () => {
    const text = recorded('probectl');
    const samples = [...text.matchAll(/^@samples: (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    const events = await parsed(text);
    const got = stacks(events);
    assert.equal(total(got), samples);
    assert.ok(!events.some((e) => e.type === 'tool.lost'));
    assert.ok(got.every((e) => e.hz === 99 && e.comm === 'pctl-shapes'));
    const bare = /^\t([0-9a-f]+) 0x\1 \(\[unknown\]\)$/gm;
    const bareAddresses = new Set([...text.matchAll(bare)].map((m) => m[1]!));
    const namedBefore = new Set([...text.matchAll(/^\t([0-9a-f]+) (?!0x)[^\n]+ \(\/tmp\/pctl-shapes\/pctl-shapes\)$/gm)].map((m) => m[1]!));
    const resolvable = [...bareAddresses].filter((a) => namedBefore.has(a));
    assert.ok(resolvable.length > 0, 'the recording has addresses printed bare after the process exited');
    const frames = got.flatMap((e) => e.ustack);
    for (const addr of resolvable)
      assert.ok(
        frames.filter((f) => f.addr === addr).every((f) => !f.fn.startsWith('0x')),
        `${addr} stays bare`,
      );
    const onArea = got.filter((e) => e.ustack[0]?.fn === AREA);
    assert.ok(total(onArea) / total(got) >= 0.9, `${total(onArea)} of ${total(got)} samples in area()`);
  });

  it("BCC's folded lines: comm, user frames and kernel frames (after '-', marked _[k]) leaf first, and its missing stacks as lost", async () => {
    const events = await parsed(recorded('bcc'));
    const got = stacks(events);
    const lines = recorded('bcc')
      .split('\n')
      .filter((l) => l.length > 0);
    assert.deepEqual(
      got.map((e) => e.count),
      lines.map((l) => Number(l.slice(l.lastIndexOf(' ') + 1))),
    );
    const withKernel = got.find((e) => e.kstack.length > 0)!;
    assert.deepEqual(
      withKernel.kstack.map((f) => f.fn),
      ['pvm_irq_enable', 'pvm_irq_enable', '__raw_callee_save_pvm_irq_enable', 'irqentry_exit_to_user_mode', 'asm_sysvec_apic_timer_interrupt'],
    );
    assert.equal(withKernel.ustack.length, 4);
    assert.ok(got.every((e) => e.pid === undefined && e.comm === 'pctl-shapes'));
    const lost = (await parsed(recorded('bcc', 'stderr'))).filter((e) => e.type === 'tool.lost');
    assert.deepEqual(
      lost.map((e) => e.count),
      [Number(/WARNING: (\d+) stack traces/.exec(recorded('bcc', 'stderr'))![1])],
    );
  });
});

describe('profile parser on shapes of output', () => {
  it('keeps a comm with ", " whole and splits a C++ frame at its last +offset and (module)', async () => {
    const text = [
      '@stacks[',
      '\tffffffff81000130 entry_SYSCALL_64_after_hwframe+118',
      ', ',
      '\t55c8aad7e28d operator()(int, char)+43 (/opt/my app/bin)',
      '\t55c8aad7e1b3 <T as core::fmt::Debug>::fmt+7 (/opt/rust)',
      '\t7f0000000001 0x7f0000000001 ([unknown])',
      ', a, b]: c, 42]: 3',
      '',
    ].join('\n');
    const [e] = stacks(await parsed(text));
    assert.deepEqual(e!.kstack, [{ fn: 'entry_SYSCALL_64_after_hwframe', offset: 118, addr: 'ffffffff81000130' }]);
    assert.deepEqual(e!.ustack, [
      { fn: 'operator()(int, char)', offset: 43, module: '/opt/my app/bin', addr: '55c8aad7e28d' },
      { fn: '<T as core::fmt::Debug>::fmt', offset: 7, module: '/opt/rust', addr: '55c8aad7e1b3' },
      { fn: '0x7f0000000001', addr: '7f0000000001' },
    ]);
    assert.equal(e!.comm, 'a, b]: c');
    assert.equal(e!.pid, 42);
    assert.equal(e!.count, 3);
  });

  it('reads a one-line key with both stacks empty, and a lone stack by what the ready line says', async () => {
    const both = stacks(await parsed('@stacks[, , swapper/1, 7]: 2\n'));
    assert.deepEqual(both, [{ ...both[0]!, kstack: [], ustack: [], comm: 'swapper/1', pid: 7, count: 2 }]);
    const kernelOnly = stacks(await parsed('PROBECTL profile v1 hz=49 stacks=kernel\n@stacks[\n    schedule+35\n, kworker/0:1, 9]: 4\n'));
    assert.deepEqual(
      kernelOnly.map((e) => [e.kstack.map((f) => f.fn), e.ustack, e.hz]),
      [[['schedule'], [], 49]],
    );
    const userOnly = stacks(await parsed('PROBECTL profile v1 hz=99 stacks=user\n@stacks[\n    main+3\n, app, 9]: 4\n'));
    assert.deepEqual(
      userOnly.map((e) => [e.kstack, e.ustack.map((f) => f.fn)]),
      [[[], ['main']]],
    );
  });

  it('reports the samples @samples counted that no stack holds as lost, over the run', async () => {
    // The stacks are printed just after @samples: a few samples of the next count may be in them (7 of 5 here).
    const events = await parsed(
      ['@samples: 10', '@stacks[, , a, 1]: 6', '@samples: 5', '@stacks[, , a, 1]: 7', '@samples: 6', '@stacks[, , a, 1]: 2', ''].join('\n'),
    );
    assert.deepEqual(
      events.filter((e) => e.type === 'tool.lost').map((e) => e.count),
      [4, 2],
      'after the first interval 10 - 6; then 15 - 13 is no more than told; at the end 21 - 15 - 4 already told',
    );
  });

  it('hands a key that never closes on as unparsed lines, and never throws on a cut stack', async () => {
    const events = await parsed('@stacks[\n    main+1\nsomething else\n@stacks[\n    f+1\n');
    assert.equal(stacks(events).length, 0);
    assert.deepEqual(
      events.filter((e) => e.type === 'tool.diagnostic').map((e) => (e as { message: string }).message),
      ['@stacks[', '    main+1', 'something else', '@stacks[', '    f+1'],
    );
  });

  it('folds a stack as comm, then user frames from main, then kernel frames marked _[k]', () => {
    assert.equal(
      foldedKey({
        comm: 'app',
        kstack: [{ fn: 'leaf_k' }, { fn: 'entry_k' }],
        ustack: [{ fn: 'read' }, { fn: 'main' }],
      }),
      'app;main;read;entry_k_[k];leaf_k_[k]',
    );
  });
});

describe("profile's program", () => {
  const program = (given: Record<string, unknown>) => profileProgram(profileOptionsSchema.parse(given), { pid: 42 }, [], 7);

  it('samples at --frequency, prints every --interval, says both in its ready line and keeps one stack for --kernel-only and --user-only', () => {
    const p = program({ frequency: 49, interval: 0.5, kernelOnly: true });
    assert.match(p, /^profile:hz:49$/m);
    assert.match(p, /^interval:ms:500$/m);
    assert.match(p, /printf\("PROBECTL profile v1 hz=49 stacks=kernel\\n"\)/);
    assert.match(p, /@stacks\[kstack\(perf\), comm, pid\] = count\(\);/);
    assert.match(program({ userOnly: true }), /@stacks\[ustack\(perf\), comm, pid\] = count\(\);/);
    assert.match(program({}), /@stacks\[kstack\(perf\), ustack\(perf\), comm, pid\] = count\(\);/);
    assert.match(p, /if \(!\(\$pid == 42\)\) \{ return; \}/);
    assert.match(p, /if \(pid == 7\) \{ return; \}/);
  });

  it('refuses --kernel-only with --user-only, and rates outside 1 to 10000 Hz', () => {
    assert.equal(profileOptionsSchema.safeParse({ kernelOnly: true, userOnly: true }).success, false);
    assert.equal(profileOptionsSchema.safeParse({ frequency: 0 }).success, false);
    assert.equal(profileOptionsSchema.safeParse({ frequency: 10_001 }).success, false);
    assert.equal(profileOptionsSchema.safeParse({ frequency: '99' }).success, true);
  });
});
