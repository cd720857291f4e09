// An XDP program that is not probectl's (named xdp_other), built by clang, for tests that must leave it alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCE = `__attribute__((section("xdp"), used)) int xdp_other(void *ctx) { return 2; }
__attribute__((section("license"), used)) char _license[] = "GPL";
`;

/** Attaches xdp_other in generic mode to an interface of a namespace; returns its detacher. */
export function attachOther(netns: string, iface: string): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'pctl-xdp-other-'));
  try {
    writeFileSync(join(dir, 'other.c'), SOURCE);
    execFileSync('clang', ['-O2', '-target', 'bpf', '-c', join(dir, 'other.c'), '-o', join(dir, 'other.o')]);
    execFileSync('ip', ['-n', netns, 'link', 'set', 'dev', iface, 'xdpgeneric', 'obj', join(dir, 'other.o'), 'sec', 'xdp']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return () => execFileSync('ip', ['-n', netns, 'link', 'set', 'dev', iface, 'xdpgeneric', 'off']);
}
