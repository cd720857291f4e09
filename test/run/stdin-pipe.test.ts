// A child with stdinPipe: it sees end of stdin only when probectl goes; a ready pattern's `detail` group reaches the ready handler.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { ProbeChild } from '../../src/run/child.js';

const grace = { int: 300, term: 300 };

describe('a probe child with a stdin pipe', () => {
  it("keeps its stdin open while it runs, and hands the ready line's detail to the ready handler", async () => {
    let detail: string | undefined;
    // Prints the ready line, then waits on stdin: it would end at once with stdin closed or /dev/null.
    const script = "printf 'PROBECTL x v1 libbpf\\tmode=skb\\n'; read -r line; echo after-eof";
    const child = new ProbeChild(
      { argv: ['sh', '-c', script], ready: /^PROBECTL x v1 libbpf\t(?<detail>[^\n]*)/m, grace, stdinPipe: true },
      { ready: (_t, d) => (detail = d) },
    );
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(child.state, 'ready', 'it must still be waiting on its stdin');
    assert.equal(detail, 'mode=skb');
    const end = await child.stop();
    assert.equal(end.state, 'stopped');
  });

  it('ends by itself when the probectl process holding its stdin is killed with SIGKILL', async () => {
    // A parent node process starts `sh -c 'read; touch'` through ProbeChild, prints its pid, then is SIGKILLed.
    const parent = `
      const { ProbeChild } = await import(${JSON.stringify(new URL('../../src/run/child.js', import.meta.url).href)});
      const c = new ProbeChild({ argv: ['sh', '-c', 'read -r x; echo eof >&2'], stdinPipe: true });
      console.log(c.pid);
      setInterval(() => {}, 1000);`;
    const p = spawn(process.execPath, ['--input-type=module', '-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await new Promise<string>((resolve) => p.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    assert.doesNotThrow(() => process.kill(pid, 0), 'the child runs while its parent lives');
    p.kill('SIGKILL');
    const deadline = Date.now() + 3000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      try {
        process.kill(pid, 0);
      } catch {
        alive = false;
      }
    }
    assert.equal(alive, false, 'the child outlived its SIGKILLed parent');
  });
});
