import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import { classifyToolLine, knownMessage } from '../../src/core/diagnostics.js';
import type { ProbeEvent } from '../../src/events/index.js';
import { renderSummary } from '../../src/summary/render.js';
import { Summary } from '../../src/summary/summary.js';
import { repoRoot } from '../recordings.js';

async function replayed(dir: string): Promise<ProbeEvent[]> {
  const events: ProbeEvent[] = [];
  for await (const e of replay(join(repoRoot, 'recordings', dir))) events.push(e);
  return events;
}

describe('known harmless backend lines', () => {
  it("reports bpftrace's RLIMIT_MEMLOCK line of a real run as info, not as a warning", async () => {
    const diagnostics = (await replayed('flows/tcplife')).filter((e) => e.type === 'tool.diagnostic');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.level, 'info');
    assert.match(diagnostics[0]!.message, /^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK for bpftrace\./);
  });

  it("knows BCC tcpdrop's tcp_drop() line, in both spellings the tool has used, and nothing close to it", () => {
    for (const word of ['tracpoint', 'tracepoint'])
      assert.deepEqual(classifyToolLine(`WARNING: tcp_drop() kernel function not found or traceable. Use ${word}:skb:kfree_skb instead.`), {
        kind: 'diagnostic',
        level: 'info',
      });
    assert.equal(knownMessage('WARNING: tcp_drop() kernel function not found or traceable.'), undefined);
  });

  it('keeps the lines that are not harmless as they were: loss, a failing attach, errors', () => {
    assert.deepEqual(classifyToolLine('Possibly lost 12 samples'), { kind: 'lost', count: 12 });
    assert.deepEqual(
      classifyToolLine(
        '/usr/sbin/tcplife.bt:30-32: WARNING: tcp_set_state is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail',
      ),
      { kind: 'diagnostic', level: 'warning' },
    );
    assert.deepEqual(classifyToolLine("ERROR: Error attaching probe: 'kprobe:tcp_set_state'"), { kind: 'diagnostic', level: 'error' });
  });

  it('shows the line once per probe in the summary, as what it means, however often it came', async () => {
    const summary = new Summary();
    // tcplife twice (a probe that printed it twice), then two other probes.
    for (const dir of ['flows/tcplife', 'flows/tcplife', 'flows/tcpretrans']) for (const e of await replayed(dir)) summary.add(e);
    const text = renderSummary(summary.report());
    const section = text.slice(text.indexOf('Diagnostics: '));
    assert.match(section, /^Diagnostics: 3 info\n/);
    const lines = section.split('\n').filter((l) => l.includes('RLIMIT_MEMLOCK'));
    assert.deepEqual(
      lines.map((l) => /^ {2}info (\w+): /.exec(l)?.[1]),
      ['tcplife', 'tcpretrans'],
      section,
    );
    for (const line of lines) assert.match(line, /couldn't set RLIMIT_MEMLOCK \(harmless: .*cgroup/);
    assert.doesNotMatch(text, /warning/);
  });
});
