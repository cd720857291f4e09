// Ctrl-C at the end of `tool | probectl parse`: the terminal signals the whole pipeline, and probectl must outlive it to read what the tool prints last.

/** The exit code of a process ended by SIGINT, as shells report it. */
const INTERRUPTED = 130;

/**
 * When the input is stdin and stdin is a pipe or a file, the first SIGINT is let pass: the tool writing
 * into the pipe gets it too, prints its last lines (bpftrace its maps, a BCC tool in count mode its table) and
 * closes the pipe, and probectl reads to the end and prints everything, the summary too. A second SIGINT
 * ends probectl at once (exit 130). From a terminal, or with a file argument, Ctrl-C ends it as usual.
 * Returns the function that removes the handler, once the input has ended.
 */
export function outliveWriterInterrupt(file: string | undefined): () => void {
  if ((file !== undefined && file !== '-') || process.stdin.isTTY) return () => {};
  let interrupted = false;
  const onInterrupt = () => {
    if (interrupted) process.exit(INTERRUPTED);
    interrupted = true;
    if (process.stderr.isTTY) process.stderr.write('\nprobectl: reading the input to its end (Ctrl-C again to stop now)\n');
  };
  process.on('SIGINT', onInterrupt);
  return () => process.off('SIGINT', onInterrupt);
}
