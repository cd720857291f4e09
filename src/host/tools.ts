// The BCC and libbpf-tools executables probectl drives, under the names distributions install them.
import { join } from 'node:path';
import { fileKind, findExecutable, isExecutable } from './executables.js';

/** The tools to look for, under the names the BCC and libbpf-tools packages give them: the probe modules' (hostToolNames in the registry). */
export interface HostToolNames {
  readonly bcc: readonly string[];
  readonly libbpf: readonly string[];
}

export interface ToolSearch {
  /** Directories searched, in order (see searchDirs). */
  dirs: readonly string[];
  /** Where Fedora/RHEL install the BCC tools. */
  bccShareDir?: string;
}

/**
 * A BCC tool: `<tool>-bpfcc` (Debian/Ubuntu), `/usr/share/bcc/tools/<tool>` (Fedora/RHEL), or a
 * plain `<tool>` that is a script (a plain native binary of that name is a libbpf tool).
 */
export async function findBccTool(tool: string, search: ToolSearch): Promise<string | undefined> {
  const debian = await findExecutable(`${tool}-bpfcc`, search.dirs);
  if (debian !== undefined) return debian;
  const shared = join(search.bccShareDir ?? '/usr/share/bcc/tools', tool);
  if (await isExecutable(shared)) return shared;
  for (const dir of search.dirs) {
    const file = join(dir, tool);
    if ((await isExecutable(file)) && (await fileKind(file)) === 'script') return file;
  }
  return undefined;
}

/** A libbpf tool: a native ELF binary called `<tool>` (Debian/Ubuntu) or `bpf-<tool>`, never a script. */
export async function findLibbpfTool(tool: string, search: ToolSearch): Promise<string | undefined> {
  for (const name of [tool, `bpf-${tool}`]) {
    for (const dir of search.dirs) {
      const file = join(dir, name);
      if ((await isExecutable(file)) && (await fileKind(file)) === 'elf') return file;
    }
  }
  return undefined;
}

/** Tool name → path for every tool found. */
export async function findTools(
  names: readonly string[],
  find: (tool: string, search: ToolSearch) => Promise<string | undefined>,
  search: ToolSearch,
): Promise<Record<string, string>> {
  const paths = await Promise.all(names.map((name) => find(name, search)));
  const found: Record<string, string> = {};
  names.forEach((name, i) => {
    if (paths[i] !== undefined) found[name] = paths[i]!;
  });
  return found;
}
