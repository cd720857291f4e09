// Leaves out the probes a script marks `// probectl:optional` where this kernel lacks them (open on arm64, openat2 before 5.6).

/**
 * The marker stands on the line before a probe. When the probe is one of a list
 * ("tracepoint:syscalls:sys_exit_open,") only that line goes; when it heads its own block, the
 * block goes too, up to its closing "}" at the start of a line. The marker lines always go.
 */
export function dropMissingProbes(script: string, hasProbe: (probe: string) => boolean): string {
  const lines = script.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '// probectl:optional') {
      out.push(lines[i]!);
      continue;
    }
    const spec = lines[i + 1]?.trim() ?? '';
    const inList = spec.endsWith(',');
    const probe = inList ? spec.slice(0, -1) : spec;
    if (probe === '' || hasProbe(probe)) continue;
    i++; // the probe line
    if (!inList) while (i + 1 < lines.length && lines[i] !== '}') i++;
  }
  return out.join('\n');
}
