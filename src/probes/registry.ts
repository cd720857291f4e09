// Every tool probectl can parse, by the name `probectl parse <tool>` takes.
import type { ToolParser } from '../core/layout.js';
import { opensnoopParser } from './opensnoop/parser.js';

export const toolParsers: Record<string, ToolParser> = {
  opensnoop: opensnoopParser,
};

export function toolParser(name: string): ToolParser | undefined {
  return Object.hasOwn(toolParsers, name) ? toolParsers[name] : undefined;
}
