// The tools `parse` reads and the probes `run` runs, named in their help from the registries themselves, loaded only when that help can show.
import type { Argument } from 'commander';

/** True when these arguments may print the help or a usage error of `parse` or `run`, the commands whose arguments list names. */
export function registryNamesWanted(args: readonly string[]): boolean {
  const words = args.filter((a) => !a.startsWith('-'));
  const command = words[0] === 'help' ? words[1] : words[0];
  return command === 'parse' || command === 'run';
}

const spoken = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/** Fills in the descriptions of parse's <tool> and run's <probe...> with the names their registries hold. */
export async function describeRegistryArguments(tool: Argument, probes: Argument): Promise<void> {
  const [{ toolParsers }, { probeDefinitions }] = await Promise.all([import('../probes/registry.js'), import('../plan/probes.js')]);
  tool.description = `the tool that printed it: ${spoken(Object.keys(toolParsers))}`;
  probes.description = `the probes to run, one or more of ${spoken(probeDefinitions.map((p) => p.name))}`;
}
