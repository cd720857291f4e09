// What a reload changes: the probes to keep running untouched, to stop, to start, and to restart because their configuration changed.

/** A probe as the agent runs it: its name (unique in a configuration) and the text of everything that shapes its backend. */
export interface ProbeIdentity {
  probe: string;
  fingerprint: string;
}

export interface ReloadDiff {
  /** Unchanged: left running, no gap in their events. */
  keep: string[];
  /** No longer in the configuration. */
  stop: string[];
  /** Changed: stopped, then started with the new configuration. */
  restart: string[];
  /** New in the configuration. */
  start: string[];
}

export function reloadDiff(running: readonly ProbeIdentity[], wanted: readonly ProbeIdentity[]): ReloadDiff {
  const before = new Map(running.map((p) => [p.probe, p.fingerprint]));
  const after = new Set(wanted.map((p) => p.probe));
  const diff: ReloadDiff = { keep: [], stop: running.filter((p) => !after.has(p.probe)).map((p) => p.probe), restart: [], start: [] };
  for (const { probe, fingerprint } of wanted) {
    const old = before.get(probe);
    if (old === undefined) diff.start.push(probe);
    else if (old === fingerprint) diff.keep.push(probe);
    else diff.restart.push(probe);
  }
  return diff;
}

/** "started b; restarted c; stopped d; kept a" (the parts that have names). */
export function describeDiff(diff: ReloadDiff): string {
  const parts = [
    ['started', diff.start],
    ['restarted', diff.restart],
    ['stopped', diff.stop],
    ['kept', diff.keep],
  ] as const;
  return (
    parts
      .filter(([, names]) => names.length > 0)
      .map(([verb, names]) => `${verb} ${names.join(', ')}`)
      .join('; ') || 'nothing to run'
  );
}
