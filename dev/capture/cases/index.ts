// The recordings this project captures on its lab machine, one file of cases a probe: one entry a recordings/<probe>/<name>/ directory.
import type { CaptureCase } from '../capture-case.js';
import { biolatencyCases } from './biolatency.js';
import { bpftraceCases } from './bpftrace.js';
import { execsnoopCases } from './execsnoop.js';
import { mallocCases } from './malloc.js';
import { opensnoopCases } from './opensnoop.js';
import { syscountCases } from './syscount.js';
import { tcpconnectCases } from './tcpconnect.js';
import { profileCases } from './profile.js';
import { tcpdropCases } from './tcpdrop.js';
import { tcplifeCases } from './tcplife.js';
import { tcpretransCases } from './tcpretrans.js';
import { xdpcountCases } from './xdpcount.js';

export const cases: CaptureCase[] = [
  ...opensnoopCases,
  ...tcplifeCases,
  ...tcpretransCases,
  ...tcpdropCases,
  ...bpftraceCases,
  ...xdpcountCases,
  ...syscountCases,
  ...execsnoopCases,
  ...biolatencyCases,
  ...mallocCases,
  ...tcpconnectCases,
  ...profileCases,
];
