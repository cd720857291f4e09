// Every tool probectl can parse, by the name `probectl parse <tool>` takes.
import type { ToolParser } from '../core/layout.js';
import { bpftraceParser } from './bpftrace/parser.js';
import { opensnoopParser } from './opensnoop/parser.js';
import { tcpdropParser } from './tcpdrop/parser.js';
import { tcplifeParser } from './tcplife/parser.js';
import { tcpretransParser } from './tcpretrans/parser.js';
import { xdpcountParser } from './xdpcount/parser.js';

export const toolParsers: Record<string, ToolParser> = {
  tcpretrans: tcpretransParser,
  tcpdrop: tcpdropParser,
  tcplife: tcplifeParser,
  opensnoop: opensnoopParser,
  bpftrace: bpftraceParser,
  xdpcount: xdpcountParser,
};

export function toolParser(name: string): ToolParser | undefined {
  return Object.hasOwn(toolParsers, name) ? toolParsers[name] : undefined;
}
