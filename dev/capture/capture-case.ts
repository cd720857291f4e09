// One recording to capture: the tool's command line, what says it is ready, what the machine needs and the workload that makes it print.
import type { Implementation } from '../../src/events/index.js';
import type { Fixture } from './fixtures.js';
import type { Workload } from './workloads/index.js';

export interface CaptureCase {
  /** recordings/<probe>/<name>; also meta.probe. */
  probe: string;
  name: string;
  /** meta.parser: the parser that reads it. */
  parser: string;
  impl: Implementation;
  /** The tool as users know it (meta.tool.name). */
  tool: string;
  /** The tool's command line (a function when it reads the machine); the runner adds stdbuf -oL for C tools and PYTHONUNBUFFERED for BCC. */
  argv: string[] | (() => string[]);
  /** What on stdout or stderr says the tool is ready (its header or banner). */
  ready: RegExp;
  /** How long the tool runs once ready (default 1500 ms), and at least until the workload is done. */
  durationMs?: number;
  needs?: Fixture[];
  workload?: Workload;
  note?: string;
  /** The tool exits at end of stdin: give it a pipe held open (the xdpcount loaders). */
  stdinPipe?: boolean;
  /** meta.tool.version when it is not the package of its implementation's tools (probectl's own loaders: the library's). */
  version?: () => string;
}
