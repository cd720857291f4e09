// Import cycles between files: each strongly connected group of the import graph, written as one path around it.
import type { FileImport } from './imports.js';

/** Each cycle as "a.ts → b.ts → a.ts"; imports of packages are left out. */
export function importCycles(imports: readonly FileImport[]): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to, specifier } of imports) if (specifier.startsWith('.')) next.set(from, [...(next.get(from) ?? []), to]);
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(file, Math.min(low.get(file)!, index.get(to)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const group: string[] = [];
    for (let top = stack.pop()!; ; top = stack.pop()!) {
      onStack.delete(top);
      group.push(top);
      if (top === file) break;
    }
    if (group.length > 1 || next.get(file)?.includes(file)) groups.push(group);
  };
  for (const file of [...next.keys()].sort()) if (!index.has(file)) visit(file);
  return groups.map((group) => pathAround(group, next).join(' → '));
}

/** A shortest path from the group's first file (by name) back to itself, inside the group. */
function pathAround(group: string[], next: Map<string, string[]>): string[] {
  const members = new Set(group);
  const start = [...group].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i]!;
    for (const to of next.get(file) ?? []) {
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = file; at !== start && at !== undefined; at = cameFrom.get(at)) path.splice(1, 0, at);
        return [...path, start];
      }
      if (members.has(to) && !cameFrom.has(to)) {
        cameFrom.set(to, file);
        queue.push(to);
      }
    }
  }
  return [...group, start];
}
