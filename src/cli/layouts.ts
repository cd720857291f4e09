// probectl layouts [tool]: every output layout probectl recognises, by tool.
import { ProbectlError } from '../core/errors.js';
import { toolParser, toolParsers } from '../probes/registry.js';

export function layoutsCommand(tool: string | undefined): void {
  const parsers = tool === undefined ? Object.values(toolParsers) : [toolParser(tool)];
  if (parsers[0] === undefined)
    throw new ProbectlError('UNKNOWN_TOOL', `there is no parser for "${tool}".`, `Use one of: ${Object.keys(toolParsers).join(', ')}.`);
  for (const parser of parsers) {
    process.stdout.write(`${parser!.tool}\n`);
    for (const layout of parser!.layouts)
      process.stdout.write(`  ${layout.name.padEnd(18)} ${layout.description}${layout.fromSource ? ' [from source]' : ''}\n`);
  }
}
