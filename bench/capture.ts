// Builds a large opensnoop capture (libbpf layout) for the benchmarks, the same bytes every time.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { random } from './random.js';

const comms = ['nginx', 'systemd-journal', 'node', 'python3', 'my worker', 'cron', 'sshd', 'postgres'];
const paths = [
  '/etc/hosts',
  '/proc/self/stat',
  '/var/log/nginx/access.log',
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  '/tmp/file with space',
  '/sys/fs/cgroup/memory.max',
  '/nonexistent/path/to/config.yaml',
  '',
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

/** Writes `lines` rows after the libbpf opensnoop header: 80 % successful opens, 20 % ENOENT or EACCES. */
export async function writeOpensnoopCapture(file: string, lines: number): Promise<void> {
  const r = random(1);
  const out = createWriteStream(file);
  let chunk = 'PID    COMM              FD ERR PATH\n';
  for (let i = 0; i < lines; i++) {
    const ok = r() < 0.8;
    const pid = String(1 + Math.floor(r() * 4_000_000)).padEnd(6);
    const fd = (ok ? String(3 + Math.floor(r() * 200)) : '-1').padStart(3);
    const err = (ok ? '0' : pick(r, ['2', '13'])).padStart(3);
    chunk += `${pid} ${pick(r, comms).padEnd(16)} ${fd} ${err} ${pick(r, paths)}\n`;
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
