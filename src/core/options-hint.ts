// The hint under an invalid option: the help of the command that was given it, which the command line names before the command runs.
let command = 'probectl';

/** The command line calls this before a command's action, with its full name ("probectl run"). */
export function setOptionsCommand(path: string): void {
  command = path;
}

/** "See 'probectl run --help' for the options." */
export function optionsHint(): string {
  return `See '${command} --help' for the options.`;
}
