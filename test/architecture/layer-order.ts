// The layers of src/, lowest first, as docs/architecture.md lists them, and which imports go against them.
import type { FileImport } from './imports.js';

export interface Layer {
  /** Its position, 0 the lowest. */
  rank: number;
  /** As the doc writes it, relative to src/: `core/` (a folder), `probes/*\/` (each subfolder a module of its own), `probes/registry.ts` (a file). */
  pattern: string;
}

/** The numbered list of the doc's "## Layers" section: each item opens with its pattern in backquotes. */
export function layersFromDoc(doc: string): Layer[] {
  const section = /^## Layers\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(doc)?.[1] ?? '';
  return [...section.matchAll(/^\d+\. `([^`]+)`/gm)].map((m, rank) => ({ rank, pattern: m[1]! }));
}

export interface Placement {
  layer: Layer;
  /** For a `dir/*\/` layer, the subfolder the file is in ("probes/tcpdrop/"): modules of one such layer do not import each other. */
  module?: string;
}

/** The layer of a file under src/ ("src/run/child.ts"); undefined when no pattern holds it. Files beat folders, deeper folders beat shallower. */
export function placeOf(file: string, layers: readonly Layer[]): Placement | undefined {
  const path = file.replace(/^src\//, '');
  let best: { placement: Placement; weight: number } | undefined;
  for (const layer of layers) {
    const { pattern } = layer;
    let placement: Placement | undefined;
    let weight = 0;
    if (pattern.endsWith('/*/')) {
      const dir = pattern.slice(0, -2);
      const sub = path.startsWith(dir) ? path.slice(dir.length).split('/') : [];
      if (sub.length > 1) [placement, weight] = [{ layer, module: `${dir}${sub[0]}/` }, dir.length + 1];
    } else if (pattern.endsWith('/')) {
      if (path.startsWith(pattern)) [placement, weight] = [{ layer }, pattern.length];
    } else if (path === pattern) [placement, weight] = [{ layer }, Number.MAX_SAFE_INTEGER];
    if (placement !== undefined && (best === undefined || weight > best.weight)) best = { placement, weight };
  }
  return best?.placement;
}

/** One line for each import that runs and goes up the order, or sideways into another module of a `dir/*\/` layer. */
export function layerViolations(imports: readonly FileImport[], layers: readonly Layer[]): string[] {
  const problems: string[] = [];
  for (const imported of imports) {
    if (imported.typeOnly || !imported.specifier.startsWith('.')) continue;
    const from = placeOf(imported.from, layers);
    const to = placeOf(imported.to, layers);
    if (from === undefined || to === undefined) continue; // files outside every layer fail a test of their own
    const where = `${imported.from}:${imported.line} imports '${imported.specifier}'`;
    if (to.layer.rank > from.layer.rank) problems.push(`${where}: ${from.layer.pattern} may not import ${to.layer.pattern}, a layer above it`);
    else if (to.layer === from.layer && from.module !== to.module)
      problems.push(`${where}: ${from.module} may not import ${to.module}, another module of ${from.layer.pattern}`);
  }
  return problems;
}
