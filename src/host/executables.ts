// Finding executables: on PATH and in the sbin/bin directories root's PATH has but a user's may lack.
import { constants } from 'node:fs';
import { access, open, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

/** Where executables are looked for, in order: PATH's directories, then the system's. */
export function searchDirs(path: string | undefined = process.env.PATH): string[] {
  const fromPath = (path ?? '').split(delimiter).filter((dir) => dir.startsWith('/'));
  const system = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  return [...new Set([...fromPath, ...system])];
}

/** True for a regular file (symlinks followed) that this process may execute. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable called `name` in `dirs`. */
export async function findExecutable(name: string, dirs: readonly string[]): Promise<string | undefined> {
  for (const dir of dirs) {
    const file = join(dir, name);
    if (await isExecutable(file)) return file;
  }
  return undefined;
}

/** What a file is by its first bytes: a native ELF binary, a #! script, or something else. */
export async function fileKind(file: string): Promise<'elf' | 'script' | 'other'> {
  let handle;
  try {
    handle = await open(file, 'r');
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead === 4 && head[0] === 0x7f && head.toString('latin1', 1, 4) === 'ELF') return 'elf';
    if (bytesRead >= 2 && head.toString('latin1', 0, 2) === '#!') return 'script';
    return 'other';
  } catch {
    return 'other';
  } finally {
    await handle?.close();
  }
}
