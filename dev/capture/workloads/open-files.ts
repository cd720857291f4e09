// Workload for opensnoop captures: as comm "pctl-open", opens a fixed list of existing, missing and new files, then reads /dev/zero.
import { closeSync, constants, openSync, readSync, rmSync } from 'node:fs';

process.title = 'pctl-open'; // the comm the captures filter on (node sets it with prctl PR_SET_NAME)
const created = '/tmp/pctl-open with space.txt';
const { O_RDONLY, O_WRONLY, O_CREAT, O_TRUNC, O_DIRECTORY } = constants;
/** Each [path, flags] is opened exactly once, in this order. */
const opens: [string, number][] = [
  ['/etc/hostname', O_RDONLY],
  ['/etc/passwd', O_RDONLY],
  ['/etc/pctl-missing.conf', O_RDONLY],
  ['hostname', O_RDONLY], // relative to /etc
  ['/etc', O_RDONLY | O_DIRECTORY],
  [created, O_WRONLY | O_CREAT | O_TRUNC],
];
process.chdir('/etc');
for (const [path, flags] of opens) {
  try {
    closeSync(openSync(path, flags, 0o640));
  } catch {
    // the missing file: its failed open is the point
  }
}
rmSync(created);

// Reads of known sizes, for histograms: 1, 2, 4, ... 4096 bytes.
const zero = openSync('/dev/zero', O_RDONLY);
const buffer = Buffer.alloc(4096);
for (let size = 1; size <= 4096; size *= 2) readSync(zero, buffer, 0, size, null);
closeSync(zero);
