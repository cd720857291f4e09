// The writer of the stack files --pprof, --folded and --flamegraph ask for (stack-file-options.ts checks them): each path tried first, the writer loaded only when asked for.
import type { StackFiles } from '../sinks/stack-files.js';
import { checkOutputFile } from './output-paths.js';

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
