// --pprof, --folded and --flamegraph on parse, replay and run: checked, their paths tried before anything starts, the writer loaded only when asked for.
import { z } from 'zod';
import type { StackFiles } from '../sinks/stack-files.js';
import { checkOutputFile } from './output-paths.js';

const file = () => z.string().min(1, 'must name a file').optional();

export const stackFileOptionsShape = { pprof: file(), folded: file(), flamegraph: file() };

/** The writer of the files asked for, or undefined when none is; each path is tried first (a file it made is removed again). */
export async function stackFilesFor(options: { pprof?: string; folded?: string; flamegraph?: string }): Promise<StackFiles | undefined> {
  const { pprof, folded, flamegraph } = options;
  if (pprof === undefined && folded === undefined && flamegraph === undefined) return undefined;
  if (pprof !== undefined) checkOutputFile('--pprof', pprof);
  if (folded !== undefined) checkOutputFile('--folded', folded);
  if (flamegraph !== undefined) checkOutputFile('--flamegraph', flamegraph);
  const { StackFiles } = await import('../sinks/stack-files.js');
  return new StackFiles({ ...(pprof && { pprof }), ...(folded && { folded }), ...(flamegraph && { flamegraph }) });
}
