// probectl doctor [--json] [--fix]: what works on this host for tracing, and what to do about what does not.
import { Chalk, supportsColor } from 'chalk';
import * as z from '../events/zod.js';
import { hostFactsSchema } from '../host/facts.js';
import { fixMounts } from '../host/fix.js';
import { freshHostFacts } from '../host/facts-cache.js';
import { probeModules } from '../probes/registry.js';
import { hostToolNames } from '../probes/probe-list.js';
import type { ProbeModule } from '../probes/probe-module.js';
import { formatReport } from './doctor-report.js';
import { checkedOptions } from './options.js';

const optionsSchema = z.object({ json: z._default(z.boolean(), false), fix: z._default(z.boolean(), false) });

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function colourLevel(): 0 | 1 | 2 | 3 {
  const noColor = process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '';
  if (noColor || !process.stdout.isTTY || supportsColor === false) return 0;
  return supportsColor.level;
}

const leftoverKinds = () => probeModules.flatMap((m: ProbeModule) => (m.leftovers === undefined ? [] : [m.leftovers]));

export async function doctorCommand(raw: unknown): Promise<void> {
  const options = checkedOptions(optionsSchema, raw);
  if (options.fix) {
    const fixes = await fixMounts();
    // With --json, stdout carries only the facts; what --fix did goes to stderr.
    const say = (line: string): boolean => (options.json ? process.stderr : process.stdout).write(line + '\n');
    if (fixes.length === 0) say('probectl doctor --fix: tracefs and debugfs are already mounted; nothing to do');
    for (const fix of fixes) say(`probectl doctor --fix: ${fix.message}`);
    for (const leftovers of leftoverKinds()) {
      const removed = await leftovers.remove();
      if (removed.length === 0) say(`probectl doctor --fix: ${leftovers.none}`);
      for (const message of removed) say(`probectl doctor --fix: ${message}`);
    }
  }
  const facts = hostFactsSchema.parse(await freshHostFacts({ tools: hostToolNames }));
  if (options.json) process.stdout.write(JSON.stringify(facts, null, 2) + '\n');
  else process.stdout.write(formatReport(facts, new Chalk({ level: colourLevel() })));
  // What a probe killed outright left in the kernel: said after the report (on stderr with --json), removed by --fix.
  if (!options.fix && facts.root) {
    const say = (line: string): boolean => (options.json ? process.stderr : process.stdout).write(line + '\n');
    for (const leftovers of leftoverKinds())
      for (const line of await leftovers.find().catch(() => [])) say(`probectl doctor: ${line}; 'probectl doctor --fix' removes it`);
  }
}
