// A disk's name from its major:minor, as the host's sysfs gives it (/sys/dev/block/M:m/uevent, DEVNAME=).
import { readFileSync } from 'node:fs';

/** The name of the block device major:minor on this host, or undefined when it has none. */
export type DeviceNames = (major: number, minor: number) => string | undefined;

export function hostDeviceNames(read: (path: string) => string = (path) => readFileSync(path, 'utf8')): DeviceNames {
  return (major, minor) => {
    try {
      const uevent = read(`/sys/dev/block/${major}:${minor}/uevent`);
      const name = /^DEVNAME=(.+)$/m.exec(uevent)?.[1]?.trim();
      return name === undefined || name.length === 0 ? undefined : name;
    } catch {
      return undefined;
    }
  };
}

/**
 * Names asked once per parser and kept: a device that goes away mid-run (a loop device detached) keeps
 * the name it had; one not known yet is asked again, since a device may appear after the run started.
 */
export function cachedDeviceNames(names: DeviceNames): DeviceNames {
  const known = new Map<string, string>();
  return (major, minor) => {
    const key = `${major}:${minor}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const name = names(major, minor);
    if (name !== undefined) known.set(key, name);
    return name;
  };
}
