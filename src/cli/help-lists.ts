// The tools `parse` reads and the probes `run` runs, named in their help from the registries themselves, loaded only when that help can show.
import type { Argument } from 'commander';

/** The command these arguments run or ask help for: "run" for `run <probe>` and for `help run`. */
export function commandOf(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/** True when these arguments may print the help or a usage error of `parse` or `run`, the commands whose arguments list names. */
export function registryNamesWanted(args: readonly string[]): boolean {
  const command = commandOf(args);
  return command === 'parse' || command === 'run';
}

const spoken = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/** Fills in the descriptions of parse's <tool> and run's <probe...> with the names their registries hold. */
export async function describeRegistryArguments(tool: Argument, probes: Argument): Promise<void> {
  const { toolParsers, probeDefinitions } = await import('../probes/registry.js');
  tool.description = `the tool that printed it: ${spoken(Object.keys(toolParsers))}`;
  probes.description = `the probes to run, one or more of ${spoken(probeDefinitions.map((p) => p.name))}`;
}
