// Cleans up synchronously when SIGINT or SIGTERM arrives mid-check, then lets the signal end the process.

/** Installs the handler; call the returned function once the work is done (cleaned up normally). */
export function cleanupOnSignal(cleanupSync: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    dispose();
    try {
      cleanupSync();
    } finally {
      process.kill(process.pid, signal);
    }
  };
  const dispose = (): void => {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return dispose;
}
