import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { encodeMessage } from '../../src/publish/spool-file.js';
import { Spool, type SpooledMessage } from '../../src/publish/spool.js';

const message = (i: number): SpooledMessage => ({
  subject: `probectl.vm.tcp.retransmit`,
  id: `vm/x/${String(i).padStart(3, '0')}`,
  data: `{"seq":${String(i).padStart(3, ' ')},"pad":"${'x'.repeat(60)}"}`,
});
const size = (m: SpooledMessage) => m.subject.length + m.id.length + m.data.length;

/** Takes everything out in the order it comes, a few at a time as the publisher does. */
function drain(spool: Spool): number[] {
  const seen: number[] = [];
  while (!spool.empty) {
    const batch = spool.peek(3);
    seen.push(...batch.map((m) => (JSON.parse(m.data) as { seq: number }).seq));
    spool.drop(batch.length);
  }
  return seen;
}

describe('the spool', () => {
  it('keeps what fits in memory and counts the rest as lost when it has no directory', () => {
    const spool = new Spool({ memoryBytes: size(message(1)) * 10, fileBytes: 1 << 20 });
    const kept = Array.from({ length: 15 }, (_, i) => spool.push(message(i + 1))).filter(Boolean).length;
    assert.equal(kept, 10);
    assert.equal(spool.lost, 5);
    assert.deepEqual(drain(spool), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('overflows to its file, gives everything back in order, and loses only what the file cannot hold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-spool-'));
    try {
      const one = size(message(1));
      const spool = new Spool({ memoryBytes: one * 4, dir: join(dir, 'spool'), fileBytes: (one + 40) * 20 });
      for (let i = 1; i <= 30; i++) spool.push(message(i));
      assert.ok(spool.spilled > 0 && spool.lost > 0, `spilled ${spool.spilled}, lost ${spool.lost}`);
      assert.equal(spool.waiting + spool.lost, 30);
      // More arrive once the first were sent and the file's were read back: they queue behind those, never ahead of them.
      const first: SpooledMessage[] = [];
      for (let k = 0; k < 3; k++) {
        const batch = spool.peek(2);
        first.push(...batch);
        spool.drop(batch.length);
      }
      assert.equal(spool.push(message(31)), true);
      const rest = drain(spool);
      const order = [...first.map((m) => (JSON.parse(m.data) as { seq: number }).seq), ...rest];
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
        'in the order pushed',
      );
      assert.equal(order.length + spool.lost, 31);
      assert.equal(order.at(-1), 31);
      const [name] = readdirSync(join(dir, 'spool'));
      assert.match(name!, new RegExp(`^probectl-publish-${process.pid}-\\d+\\.spool$`));
      const file = join(dir, 'spool', name!);
      assert.equal(statSync(file).size, 0, 'emptied once read');
      spool.close();
      assert.equal(existsSync(file), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps what still waits at its end in one file, in order, and the next spool on that directory sends it first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-spool-'));
    try {
      const one = size(message(1));
      const first = new Spool({ memoryBytes: one * 4, dir, fileBytes: 1 << 20 });
      for (let i = 1; i <= 10; i++) first.push(message(i));
      const sent = first.peek(2);
      first.drop(sent.length); // 1 and 2 reached the server; 3..10 wait, in memory and in the file
      assert.equal(first.close(), 8);
      const files = readdirSync(dir);
      assert.equal(files.length, 1, files.join(' '));

      // The run that kept it is gone; a run started later on the same directory takes it over.
      const renamed = join(dir, `probectl-publish-${deadPid()}-1.spool`);
      spawnSync('mv', [join(dir, files[0]!), renamed]);
      const next = new Spool({ memoryBytes: one * 4, dir, fileBytes: 1 << 20 });
      assert.equal(next.takenOver, 8);
      assert.equal(next.waiting, 8);
      for (let i = 11; i <= 13; i++) assert.equal(next.push(message(i)), true);
      assert.deepEqual(drain(next), [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], 'the earlier run first, then this one, in order');
      assert.equal(next.close(), 0);
      assert.deepEqual(readdirSync(dir), [], 'nothing left once everything was sent');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes over a killed run's file without its last, cut line, and leaves a live run's file alone", () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-spool-'));
    try {
      const killed = join(dir, `probectl-publish-${deadPid()}.spool`);
      writeFileSync(killed, [1, 2, 3].map((i) => encodeMessage(message(i))).join(''));
      appendFileSync(killed, encodeMessage(message(4)).slice(0, 30)); // the write the kill interrupted
      const live = join(dir, `probectl-publish-${process.ppid}-1.spool`);
      writeFileSync(live, encodeMessage(message(99)));
      const spool = new Spool({ memoryBytes: 1 << 20, dir, fileBytes: 1 << 20 });
      assert.equal(spool.takenOver, 3);
      assert.deepEqual(drain(spool), [1, 2, 3]);
      spool.close();
      assert.deepEqual(readdirSync(dir), [`probectl-publish-${process.ppid}-1.spool`], "the live run's file is still there, untouched");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The pid of a process that has exited. */
function deadPid(): number {
  const pid = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
  return Number(pid);
}
