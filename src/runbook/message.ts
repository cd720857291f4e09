// A message template filled in for one breach: "task ${pid} (${comm}) is blocked by network congestion".

/** Replaces each `${name}` by its value; a name without a value reads `?` (a pid no session revealed, say). */
export function renderMessage(template: string, values: Record<string, string | number | null | undefined>): string {
  return template.replace(/\$\{([^}]*)\}/g, (_, name: string) => {
    const value = values[name];
    return value === undefined || value === null ? '?' : String(value);
  });
}
