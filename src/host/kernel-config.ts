// The running kernel's build options, from /proc/config.gz or /boot/config-<release>, where either is readable.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';

/** Option → value ("y", "m", a string) for every option set; an option "is not set" is absent. */
export type KernelConfig = ReadonlyMap<string, string>;

export function parseKernelConfig(text: string): KernelConfig {
  const options = new Map<string, string>();
  for (const line of text.split('\n')) {
    const set = /^(CONFIG_\w+)=(.*)$/.exec(line);
    if (set !== null) options.set(set[1]!, set[2]!);
  }
  return options;
}

/** The config of the running kernel; undefined when neither file is there or readable. */
export async function readKernelConfig(
  release: string,
  files = { proc: '/proc/config.gz', boot: `/boot/config-${release}` },
): Promise<KernelConfig | undefined> {
  const proc = await readFile(files.proc).then(
    (gz) => gunzipSync(gz).toString('utf8'),
    () => undefined,
  );
  const text = proc ?? (await readFile(files.boot, 'utf8').catch(() => undefined));
  return text === undefined ? undefined : parseKernelConfig(text);
}
