// The kernel headers decision (missing, match, mismatch) on temp directory layouts like Debian's and Fedora's.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findHeaders, releaseFromDirName, utsRelease } from '../../src/host/headers.js';

const release = '6.18.44-fc-v669';
let root: string;
let modules: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'probectl-headers-'));
  modules = join(root, 'lib/modules');
});
after(() => rm(root, { recursive: true, force: true }));

/** A headers tree like Debian's /usr/src/linux-headers-<name>, with utsrelease.h when `uts` is given. */
async function headersTree(name: string, uts?: string): Promise<string> {
  const dir = join(root, 'usr/src', name);
  await mkdir(join(dir, 'include/generated'), { recursive: true });
  if (uts !== undefined) await writeFile(join(dir, 'include/generated/utsrelease.h'), `#define UTS_RELEASE "${uts}"\n`);
  return dir;
}

async function linkBuild(kernel: string, target: string): Promise<void> {
  await rm(join(modules, kernel), { recursive: true, force: true });
  await mkdir(join(modules, kernel), { recursive: true });
  await symlink(target, join(modules, kernel, 'build'));
}

test('reads the release from utsrelease.h and from a headers directory name', () => {
  assert.equal(utsRelease('/* generated */\n#define UTS_RELEASE "6.1.0-56-amd64"\n'), '6.1.0-56-amd64');
  assert.equal(utsRelease('nothing here'), undefined);
  assert.equal(releaseFromDirName('/usr/src/linux-headers-6.1.0-56-amd64'), '6.1.0-56-amd64');
  assert.equal(releaseFromDirName('/usr/src/kernels/6.8.9-300.fc40.x86_64'), '6.8.9-300.fc40.x86_64');
  assert.equal(releaseFromDirName('/lib/modules/x/build'), undefined);
});

test('says missing when there is no build directory for the running kernel', async () => {
  const found = await findHeaders(release, modules);
  assert.equal(found.state, 'missing');
  assert.equal(found.dir, join(modules, release, 'build'));
});

test('says missing when build is a dangling link', async () => {
  await linkBuild(release, join(root, 'nowhere'));
  assert.equal((await findHeaders(release, modules)).state, 'missing');
});

test('says mismatch when build links to headers of another kernel (the nearest Debian headers)', async () => {
  await linkBuild(release, await headersTree('linux-headers-6.1.0-56-amd64', '6.1.0-56-amd64'));
  assert.deepEqual(await findHeaders(release, modules), { state: 'mismatch', dir: join(modules, release, 'build'), version: '6.1.0-56-amd64' });
});

test('believes utsrelease.h over the directory name', async () => {
  await linkBuild(release, await headersTree(`linux-headers-${release}-renamed`, release));
  assert.equal((await findHeaders(release, modules)).state, 'match');
});

test('says match from the directory name when utsrelease.h is absent', async () => {
  await linkBuild(release, await headersTree(`linux-headers-${release}`));
  assert.equal((await findHeaders(release, modules)).state, 'match');
});

test('says mismatch when nothing tells which kernel the headers are for', async () => {
  await rm(join(modules, release), { recursive: true, force: true });
  await mkdir(join(modules, release, 'build'), { recursive: true });
  assert.deepEqual(await findHeaders(release, modules), { state: 'mismatch', dir: join(modules, release, 'build'), version: undefined });
});
