#!/usr/bin/env node
// The probectl command line: thin commands over the library; only this file turns errors into exit codes.
import { Command, Option } from 'commander';
import { describeError } from '../core/errors.js';

const program = new Command('probectl')
  .description('Typed events from bpftrace, BCC and libbpf-tools output: parse, replay, run.')
  .showHelpAfterError();

program
  .command('parse')
  .description('parse a tool\'s text output (stdin, or FILE) into events')
  .argument('<tool>', 'tcpretrans, tcpdrop, tcplife, opensnoop or bpftrace')
  .argument('[file]', 'the captured output; stdin when absent or -')
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'table']).default('jsonl'))
  .option('--layout <name>', 'force a layout when the text has no header (see probectl layouts)')
  .option('--probe <name>', 'the probe name stamped on events (default: the tool)')
  .option('--host <name>', 'the host name stamped on events (default: this machine)')
  .option('--validate', 'check every event against its schema at run time (the tests already hold the parsers to it)', false)
  .action(async (tool: string, file: string | undefined, options: unknown) => (await import('./parse.js')).parseCommand(tool, file, options));

program
  .command('replay')
  .description('replay a recording through the live pipeline')
  .argument('<dir>', 'a recording directory (meta.json, stdout, stderr, timing.jsonl)')
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'table']).default('jsonl'))
  .option('--speed <n|max>', 'pace: a multiple of the recorded pace, or max', 'max')
  .option('--validate', 'check every event against its schema at run time', false)
  .action(async (dir: string, options: unknown) => (await import('./replay.js')).replayCommand(dir, options));

program
  .command('layouts')
  .description('list the output layouts probectl recognises')
  .argument('[tool]', 'only this tool')
  .action(async (tool: string | undefined) => (await import('./layouts.js')).layoutsCommand(tool));

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(describeError(error) + '\n');
  process.exitCode = 2;
}
