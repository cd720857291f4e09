import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProbeEvent } from '../../src/events/index.js';
import { StartProgress } from '../../src/cli/progress.js';
import { statusEvent } from '../../src/run/status.js';

const status = (probe: string, backend: 'bcc' | 'libbpf', state: 'starting' | 'ready'): ProbeEvent =>
  statusEvent({ probe, backend }, 'h', Date.now(), { state });

describe('the start progress line', () => {
  it('shows on a terminal how long each probe has been compiling or attaching, and clears itself once they are ready', async () => {
    let screen = '';
    const tty = { write: (text: string) => void (screen += text), columns: 120 } as unknown as NodeJS.WriteStream;
    const progress = new StartProgress(tty, { showAfterMs: 0, everyMs: 20 });
    progress.observe(status('tcplife', 'bcc', 'starting'));
    progress.observe(status('opensnoop', 'libbpf', 'starting'));
    await new Promise((r) => setTimeout(r, 60));
    assert.match(screen, /\r\x1b\[Ktcplife \(bcc\): compiling… 0 s {3}opensnoop \(libbpf\): attaching… 0 s/);
    progress.observe(status('tcplife', 'bcc', 'ready'));
    progress.observe(status('opensnoop', 'libbpf', 'ready'));
    assert.ok(screen.endsWith('\r\x1b[K'), 'the line is cleared');
  });
});
