// Ctrl-C at the end of `tool | probectl parse`: the terminal signals the whole pipeline, and probectl must outlive it to read what the tool prints last.
import { termWhileForgetting } from '../run/stop.js';
import { commandName, stdinWriters } from './stdin-writers.js';

/** The exit code of a process ended by SIGINT, as shells report it. */
const INTERRUPTED = 130;

/**
 * When the input is stdin and stdin is a pipe or a file, the first SIGINT is let pass: the tool writing
 * into the pipe gets it too, prints its last lines (bpftrace its maps, a BCC tool in count mode its table) and
 * closes the pipe, and probectl reads to the end and prints everything, the summary too. A second SIGINT
 * ends probectl at once (exit 130). From a terminal, or with a FILE argument, Ctrl-C ends it as usual.
 * A bpftrace writing into the pipe that forgets the SIGINT is sent SIGTERM (watchForgetfulBpftrace).
 * Returns the function that removes the handler, once the input has ended.
 */
export function outliveWriterInterrupt(file: string | undefined): () => void {
  if ((file !== undefined && file !== '-') || process.stdin.isTTY) return () => {};
  let interrupted = false;
  let stopWatching = () => {};
  const onInterrupt = () => {
    if (interrupted) process.exit(INTERRUPTED);
    interrupted = true;
    if (process.stderr.isTTY) process.stderr.write('\nprobectl: reading the input to its end (Ctrl-C again to stop now)\n');
    stopWatching = watchForgetfulBpftrace();
  };
  process.on('SIGINT', onInterrupt);
  return () => {
    process.off('SIGINT', onInterrupt);
    stopWatching();
  };
}

/**
 * bpftrace 0.17 forgets a SIGINT that lands between two of its waits for events (src/run/stop.ts, forgetsStopSignal)
 * and goes on tracing: the pipeline would hang, and a second Ctrl-C would end probectl before the maps. So a bpftrace
 * writing into stdin that is seen forgetting it, as `probectl run` sees it, is sent SIGTERM, which it ends on the
 * same way. Returns the function that stops watching; the watch never keeps probectl running.
 */
function watchForgetfulBpftrace(): () => void {
  let stopped = false;
  for (const pid of stdinWriters().filter((writer) => commandName(writer) === 'bpftrace')) {
    let told = false;
    void termWhileForgetting(
      pid,
      () => stopped,
      () => {
        if (!told)
          process.stderr.write(
            `probectl: bpftrace (pid ${pid}) went on tracing after the Ctrl-C, which it misses between two waits for events; sent it SIGTERM, which ends it the same way\n`,
          );
        told = true;
      },
    );
  }
  return () => {
    stopped = true;
  };
}
