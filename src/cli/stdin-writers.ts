// The processes writing into probectl's stdin when it is a pipe: the tool on the left of `tool | probectl parse`.
import { fstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { listedPids } from '../core/process-ids.js';

/** O_ACCMODE's write-only and read-write values, as /proc/<pid>/fdinfo/<fd> prints the flags in octal. */
const O_ACCMODE = 3;
const O_RDONLY = 0;

/** Whether /proc/<pid>/fdinfo/<fd> says the descriptor was opened for writing. */
function opensForWriting(pid: string, fd: string): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & O_ACCMODE) !== O_RDONLY;
  } catch {
    return false;
  }
}

/** The pids, other than probectl's, that hold stdin's pipe open for writing; none when stdin is not a pipe or /proc cannot tell. */
export function stdinWriters(): number[] {
  let target: string;
  try {
    const stat = fstatSync(0);
    if (!stat.isFIFO()) return [];
    target = `pipe:[${stat.ino}]`;
  } catch {
    return [];
  }
  const writers: number[] = [];
  const others = (listedPids() ?? []).filter((pid) => Number(pid) !== process.pid);
  for (const pid of others) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (link === target && opensForWriting(pid, fd)) {
        writers.push(Number(pid));
        break;
      }
    }
  }
  return writers;
}

/** A process's command name (/proc/<pid>/comm); undefined once it is gone. */
export function commandName(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
}
