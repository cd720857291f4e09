// The tools `parse` reads and the probes `run` runs, named in their help from the registries themselves, loaded only when that help can show.
import type { Argument } from 'commander';

/** The command these arguments run or ask help for: "run" for `run <probe>` and for `help run`. */
export function commandOf(args: readonly string[]): string | undefined {
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * True when these arguments may print the help or a usage error of `parse` or `run`, the commands whose arguments list
 * names. `run` loads the registry to plan anyway; `parse` shows the names only in its help and when no tool is given,
 * and otherwise loads the one module it parses (src/probes/load.ts).
 */
export function registryNamesWanted(args: readonly string[]): boolean {
  const command = commandOf(args);
  if (command === 'run') return true;
  if (command !== 'parse') return false;
  // A tool missing behind an option's value (`parse --layout x`) is told with the argument's own description, which names the help.
  const words = args.filter((a) => !a.startsWith('-'));
  return words[0] === 'help' || args.includes('--help') || args.includes('-h') || words.length < 2;
}

const spoken = (names: readonly string[]) => (names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);

/** Fills in the descriptions of parse's <tool> and run's <probe...> with the names their registries hold. */
export async function describeRegistryArguments(tool: Argument, probes: Argument): Promise<void> {
  const { parserNames, probeDefinitions } = await import('../probes/probe-list.js');
  tool.description = `the tool that printed it: ${spoken(parserNames)}`;
  probes.description = `the probes to run, one or more of ${spoken(probeDefinitions.map((p) => p.name))}`;
}
