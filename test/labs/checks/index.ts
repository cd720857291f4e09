// Every lab of docs/labs, in the order the index lists them.
import { diskLatencyLab } from './disk-latency.js';
import { connectsLab } from './connects.js';
import { cpuProfileLab } from './cpu-profile.js';
import { dropsLab } from './drops.js';
import { execsLab } from './execs.js';
import type { LabCheck } from './lab-check.js';
import { lifetimesLab } from './lifetimes.js';
import { memoryLeakLab } from './memory-leak.js';
import { opensLab } from './opens.js';
import { retransmitsLab } from './retransmits.js';
import { syscallsLab } from './syscalls.js';
import { xdpLab } from './xdp.js';

export const labChecks: LabCheck[] = [
  retransmitsLab,
  dropsLab,
  lifetimesLab,
  opensLab,
  xdpLab,
  execsLab,
  connectsLab,
  diskLatencyLab,
  syscallsLab,
  cpuProfileLab,
  memoryLeakLab,
];
