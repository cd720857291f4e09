// The examples a user is shown (each command's --help, the README's command blocks), read from where they are shown and run as shown.
import assert from 'node:assert/strict';
import { eventSchema } from '../../src/probes/registry.js';
import { helpExamples } from '../../src/cli/help-examples.js';
import { repoRoot } from '../recordings.js';
import { runShell, type ShellEnd } from '../labs/shell.js';
import { probectl } from './cli-process.js';

/** Every command with examples, by its path after `probectl` ('' for probectl itself). */
export const exampleCommands = Object.keys(helpExamples) as (keyof typeof helpExamples)[];

/** The `$ ...` lines at the end of `probectl PATH --help`, as printed. */
export function shownExamples(path: string): string[] {
  const help = probectl([...path.split(' ').filter(Boolean), '--help']);
  assert.equal(help.code, 0, help.stderr);
  return [...help.stdout.matchAll(/^ {2}\$ (.+)$/gm)].map((m) => m[1]!);
}

export const needsRoot = (command: string): boolean => /(^|&& |\| )sudo /.test(command);

/** Runs an example in sh from the repository's root with this checkout's probectl on PATH; sudo is dropped (the caller is root or uses --dry-run). */
export function runExample(command: string, timeoutMs = 120_000): Promise<ShellEnd> {
  return runShell(command.replaceAll(/(^|&& |\| )sudo /g, '$1'), { cwd: repoRoot, timeoutMs });
}

/** The probectl events on stdout, when stdout is JSON lines (undefined when it is a table, a summary or a report). */
export function jsonEvents(stdout: string): unknown[] | undefined {
  const lines = stdout.split('\n').filter((l) => l !== '');
  if (lines.length === 0 || !lines.every((l) => l.startsWith('{"type":'))) return undefined;
  return lines.map((l) => eventSchema.parse(JSON.parse(l)));
}

/** Exit 0 and output: events that fit their schemas where it prints JSON lines, and a count of events above 0 where it says one. */
export function assertPrintedEvents(command: string, end: ShellEnd): void {
  assert.equal(end.code, 0, `${command}\nexited ${end.code} ${end.signal ?? ''}\n${end.stderr}`);
  assert.notEqual(end.stdout.trim(), '', `${command} printed nothing`);
  const events = jsonEvents(end.stdout);
  if (events !== undefined) assert.ok(events.length > 0);
  const count = /probectl: (\d+) events?\b/.exec(end.stderr);
  if (count !== null) assert.ok(Number(count[1]) > 0, `${command}: ${end.stderr}`);
}
