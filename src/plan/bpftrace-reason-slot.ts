// Fills a script's `// probectl:reasons` line with the code → name map it is given (the running kernel's drop reasons, for instance).

/** `@reason[12] = "NETFILTER_DROP";`, one a line. The names go into the program as they are: the probe hands in identifiers only. */
export function reasonStatements(reasons: ReadonlyMap<number, string>, indent: string): string[] {
  return [...reasons].map(([code, name]) => `${indent}@reason[${code}] = "${name}";`);
}

/** The script with its `// probectl:reasons` line replaced by the statements, or removed when there is no map. */
export function fillReasonSlot(script: string, reasons: ReadonlyMap<number, string> | undefined): string {
  return script.replace(/^([ \t]*)\/\/ probectl:reasons[ \t]*$/m, (_line, indent: string) =>
    reasons === undefined ? '' : reasonStatements(reasons, indent).join('\n'),
  );
}
