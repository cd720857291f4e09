// Commander's usage errors (unknown option or command, missing or bad argument) as one-line usage errors that say what was expected.
import type { Command, CommanderError } from 'commander';
import { ProbectlError } from '../core/errors.js';

/** `probectl lab up`: the command's name with its parents'. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c !== null; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

const quoted = (text: string) => JSON.stringify(text);

/** Every long flag of a command, --help included, as `--a, --b`. */
function flagsOf(command: Command): string {
  return [...command.options.filter((o) => !o.hidden).map((o) => o.long ?? o.short ?? o.flags), '--help'].join(', ');
}

/** What the command wanted instead of what it got, from commander's code and message. */
function expectation(command: Command, error: CommanderError): string {
  const path = commandPath(command);
  const where = command.parent === null ? '' : `${path.slice(path.indexOf(' ') + 1)}: `; // printed after "probectl: "
  const text = error.message.replace(/^error: /, '');
  const match = (pattern: RegExp) => pattern.exec(text) ?? undefined;
  switch (error.code) {
    case 'commander.unknownOption': {
      const flag = match(/unknown option '([^']*)'/)?.[1] ?? text;
      const options = command.options.filter((o) => !o.hidden);
      const expected = options.length <= 8 ? `one of ${flagsOf(command)}` : `one of the options '${path} --help' lists`;
      return `${where}unknown option ${quoted(flag)}: expected ${expected}`;
    }
    case 'commander.unknownCommand': {
      const name = match(/unknown command '([^']*)'/)?.[1] ?? text;
      return `${where}unknown command ${quoted(name)}: expected one of ${subcommandNames(command)}`;
    }
    case 'commander.help': // a command that only groups others, given none
      return `${where}expected a command: one of ${subcommandNames(command)}`;
    case 'commander.missingArgument': {
      const name = match(/missing required argument '([^']*)'/)?.[1];
      const argument = command.registeredArguments.find((a) => a.name() === name);
      return `${where}missing <${name}>: expected ${argument?.description || name}`;
    }
    case 'commander.optionMissingArgument': {
      const flags = match(/option '([^']*)' argument missing/)?.[1] ?? text;
      return `${where}${flags.split(/[ ,]/)[0]} needs a value: expected ${flags}`;
    }
    case 'commander.invalidArgument': {
      const option = match(/^option '(\S+)[^']*' argument '(.*)' is invalid\. Allowed choices are (.*)\.$/s);
      if (option !== undefined) return `${where}${option[1]} must be one of ${option[3]}, not ${quoted(option[2]!)}`;
      const argument = match(/^command-argument value '(.*)' is invalid for argument '([^']*)'\. Allowed choices are (.*)\.$/s);
      if (argument !== undefined) return `${where}<${argument[2]}> must be one of ${argument[3]}, not ${quoted(argument[1]!)}`;
      return `${where}${text}`;
    }
    case 'commander.excessArguments': {
      const wanted = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`)).join(' ');
      return `${where}too many arguments: expected ${wanted === '' ? 'none' : `only ${wanted}`}`;
    }
    default:
      return `${where}${text.replaceAll('\n', ' ')}`;
  }
}

function subcommandNames(command: Command): string {
  return command.commands.map((c) => c.name()).join(', ');
}

/** The usage error for a commander error of `command`, or undefined when commander did what was asked (help, version). */
export function usageError(command: Command, error: CommanderError): ProbectlError | undefined {
  if (error.exitCode === 0) return undefined;
  const guess = /\(Did you mean (.*)\?\)/.exec(error.message)?.[1];
  const help = `See '${commandPath(command)} --help'.`;
  return new ProbectlError('USAGE', `${expectation(command, error)}.`, guess === undefined ? help : `Did you mean ${guess}? ${help}`, { cause: error });
}

/**
 * Makes every command of the tree throw its usage errors (exit 2, one line) instead of printing help and exiting 1;
 * help and version throw commander's own error with exit code 0.
 */
export function throwUsageErrors(root: Command): void {
  const visit = (command: Command) => {
    command.exitOverride((error) => {
      throw usageError(command, error) ?? error;
    });
    command.configureOutput({ outputError: () => {}, writeErr: () => {} }); // the usage error says it all, without the help after it
    command.showSuggestionAfterError(true);
    for (const child of command.commands) visit(child);
  };
  visit(root);
}
