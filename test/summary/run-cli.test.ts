import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { replay } from '../../src/api/replay.js';
import { collect, leftovers, type Fakes, removeFakeRun, setUpFakeRun } from '../run/fakes.js';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');

describe('probectl run --format summary', () => {
  let fakes: Fakes;
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    const { NO_COLOR: _n, ...rest } = process.env;
    ({ fakes, work, env } = setUpFakeRun('run-summary', ['tcplife', 'retranscount'], rest));
  });
  after(() => removeFakeRun(fakes, work));

  it('prints the summary once the probes have stopped, with the counts of what they printed', async () => {
    const dir = join(work, 'rec');
    const result = spawnSync(
      process.execPath,
      [MAIN, 'run', 'tcplife', 'retranscount', '--duration', '0.4', '--grace', '0.3', '--format', 'summary', '--record', dir],
      { env, encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.ok(!result.stdout.includes('\x1b['), 'no colour into a pipe');
    // The recordings hold each probe's own events: the summary's numbers must be theirs.
    const sessions = (await collect(replay(join(dir, 'tcplife')))).filter((e) => e.type === 'tcp.session').length;
    const counted = (await collect(replay(join(dir, 'retranscount')))).flatMap((e) => (e.type === 'tcp.retransmit.count' ? [e.count] : []));
    const lost = (await collect(replay(join(dir, 'retranscount')))).flatMap((e) => (e.type === 'tool.lost' ? [e.count] : []));
    assert.ok(sessions > 0 && counted.length === 1 && lost.length === 1);
    assert.match(result.stdout, new RegExp(`^Sessions: ${sessions},`, 'm'));
    assert.match(result.stdout, new RegExp(`^Retransmits: ${counted[0]} \\(${counted[0]} counted in the kernel by tcpretrans -c\\)$`, 'm'));
    assert.match(result.stdout, new RegExp(`^Lost events: ${lost[0]} in 1 report \\(retranscount ${lost[0]}\\)$`, 'm'));
    assert.match(result.stdout, /^ {2}tcplife +libbpf +stopped /m);
    assert.match(result.stdout, /^ {2}retranscount +bcc +stopped /m);
    assert.match(result.stdout.trimEnd().split('\n').at(-1)!, /^Incomplete: retranscount lost \d+ events?\.$/);
    assert.match(result.stderr, /^probectl: \d+ events?, \d+ diagnostics?[^\n]*\n$/);
    assert.deepEqual(leftovers(fakes.pids()), []);
  });
});
