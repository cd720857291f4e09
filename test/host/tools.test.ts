// Finding BCC and libbpf tools among fake executables in temp directories.
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileKind, findExecutable, searchDirs } from '../../src/host/executables.js';
import { findBccTool, findLibbpfTool, findTools } from '../../src/host/tools.js';
import { hostToolNames } from '../../src/probes/probe-list.js';

let root: string;
let bin: string;
let sbin: string;
let share: string;

const elf = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
const script = '#!/usr/bin/python3\nprint("fake")\n';

async function fake(dir: string, name: string, content: string | Buffer, mode = 0o755): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, content);
  await chmod(file, mode);
  return file;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'probectl-tools-'));
  [bin, sbin, share] = [join(root, 'bin'), join(root, 'sbin'), join(root, 'share/bcc/tools')];
  for (const dir of [bin, sbin, share]) await mkdir(dir, { recursive: true });
  await fake(sbin, 'tcpretrans-bpfcc', script);
  await fake(share, 'tcpdrop', script);
  await fake(bin, 'opensnoop', script); // a BCC script under the plain name (a source install)
  await fake(sbin, 'tcplife', elf); // the libbpf-tools binary
  await fake(sbin, 'tcplife-bpfcc', script, 0o644); // not executable: ignored
  await fake(bin, 'bpf-opensnoop', elf);
});
after(() => rm(root, { recursive: true, force: true }));

test('searches PATH first, then the system directories, without duplicates or relative entries', () => {
  const dirs = searchDirs(`/opt/x:relative:/usr/bin:/opt/x`);
  assert.deepEqual(dirs.slice(0, 2), ['/opt/x', '/usr/bin']);
  assert.ok(dirs.includes('/usr/sbin') && !dirs.includes('relative'));
  assert.equal(new Set(dirs).size, dirs.length);
});

test('tells an ELF binary from a script by its first bytes', async () => {
  assert.equal(await fileKind(join(sbin, 'tcplife')), 'elf');
  assert.equal(await fileKind(join(bin, 'opensnoop')), 'script');
  assert.equal(await fileKind(join(root, 'absent')), 'other');
});

test('finds only executable files', async () => {
  assert.equal(await findExecutable('tcplife-bpfcc', [sbin]), undefined);
  assert.equal(await findExecutable('tcplife', [bin, sbin]), join(sbin, 'tcplife'));
});

test('finds BCC tools under the Debian name, the Fedora directory, and as plain-named scripts, never a libbpf binary', async () => {
  const search = { dirs: [bin, sbin], bccShareDir: share };
  assert.deepEqual(await findTools(hostToolNames.bcc, findBccTool, search), {
    tcpretrans: join(sbin, 'tcpretrans-bpfcc'),
    tcpdrop: join(share, 'tcpdrop'),
    opensnoop: join(bin, 'opensnoop'),
  });
});

test('finds libbpf tools only as native binaries, also under the bpf- prefix', async () => {
  const search = { dirs: [bin, sbin], bccShareDir: share };
  assert.deepEqual(await findTools(hostToolNames.libbpf, findLibbpfTool, search), {
    tcplife: join(sbin, 'tcplife'),
    opensnoop: join(bin, 'bpf-opensnoop'),
  });
});

test('finds nothing on an empty PATH', async () => {
  assert.deepEqual(await findTools(hostToolNames.bcc, findBccTool, { dirs: [], bccShareDir: join(root, 'none') }), {});
});
