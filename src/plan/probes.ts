// Every probe `probectl run` knows, with its backends in the order auto prefers them (docs/probes.md says why).
import type { ProbeDefinition } from './catalog.js';
import { opensnoopProbeDefinition } from '../probes/opensnoop/probe.js';
import { tcpdropProbeDefinition } from '../probes/tcpdrop/probe.js';
import { tcplifeProbeDefinition } from '../probes/tcplife/probe.js';
import { tcpretransProbeDefinition } from '../probes/tcpretrans/probe.js';
import { xdpcountProbeDefinition } from '../probes/xdpcount/probe.js';

export const probeDefinitions: ProbeDefinition[] = [
  tcpretransProbeDefinition,
  tcpdropProbeDefinition,
  tcplifeProbeDefinition,
  opensnoopProbeDefinition,
  xdpcountProbeDefinition,
];
