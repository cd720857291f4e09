// Live tests run the real tools: they skip, saying why, where the machine cannot run them, and fail instead in CI.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';

/** Why live tests cannot run here, or undefined when they can. */
export function liveBlocker(): string | undefined {
  if (process.getuid?.() !== 0) return 'live test needs root (run npm test as root)';
  // Present exactly when the kernel has the bpf() system call (CONFIG_BPF_SYSCALL).
  if (!existsSync('/proc/sys/kernel/unprivileged_bpf_disabled')) return 'live test needs a kernel with BPF (CONFIG_BPF_SYSCALL)';
  return undefined;
}

/** True when the live test may run; otherwise skips it with the reason, or fails it when CI=true. */
export function liveOrSkip(t: TestContext): boolean {
  const blocker = liveBlocker();
  if (blocker === undefined) return true;
  if (process.env.CI === 'true') assert.fail(`${blocker}; CI=true requires live tests to run`);
  t.skip(blocker);
  return false;
}
