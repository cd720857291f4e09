// A flame graph of folded stacks as one self-contained SVG (or an HTML page holding it): no script, no network, readable as text.

/** One stack, root first, and its samples. */
export interface FoldedStack {
  frames: readonly string[];
  count: number;
}

interface Node {
  name: string;
  count: number;
  children: Map<string, Node>;
}

const WIDTH = 1200;
const FRAME_HEIGHT = 17;
const PAD = 10;
const TITLE_HEIGHT = 34;
/** Approximate width of a character of the 12 px monospace font. */
const CHAR_WIDTH = 7.2;
/** Frames narrower than this are drawn without a label. */
const MIN_LABEL_WIDTH = 3 * CHAR_WIDTH;
const KERNEL_MARK = '_[k]';

const escapeXml = (text: string): string =>
  text
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '?');

/** A stable warm colour from the name, as flamegraph.pl's "hot" palette; kernel frames orange, process names grey-blue. */
function colour(name: string, depth: number): string {
  if (depth === 1) return 'rgb(160,180,210)';
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  const v = (hash % 1000) / 1000;
  if (name.endsWith(KERNEL_MARK)) return `rgb(${230 + Math.round(v * 25)},${140 + Math.round(v * 50)},${40 + Math.round(v * 30)})`;
  return `rgb(${205 + Math.round(v * 50)},${Math.round(v * 190)},${Math.round(v * 55)})`;
}

function tree(stacks: readonly FoldedStack[]): { root: Node; depth: number } {
  const root: Node = { name: 'all', count: 0, children: new Map() };
  let depth = 1;
  for (const { frames, count } of stacks) {
    if (count <= 0) continue;
    root.count += count;
    let node = root;
    for (const name of frames) {
      let child = node.children.get(name);
      if (child === undefined) node.children.set(name, (child = { name, count: 0, children: new Map() }));
      child.count += count;
      node = child;
    }
    depth = Math.max(depth, frames.length + 1);
  }
  return { root, depth };
}

/** The graph as an SVG document: the root at the bottom, callees above their callers, widths in proportion to samples (or to `unit`s: bytes). */
export function flameGraphSvg(stacks: readonly FoldedStack[], title: string, unit = 'sample'): string {
  const { root, depth } = tree(stacks);
  const height = TITLE_HEIGHT + depth * FRAME_HEIGHT + PAD * 2;
  const scale = root.count > 0 ? (WIDTH - PAD * 2) / root.count : 0;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="monospace" font-size="12" role="img" aria-label="${escapeXml(title)}">`,
    `<rect x="0" y="0" width="${WIDTH}" height="${height}" fill="#fafafa"/>`,
    `<text x="${WIDTH / 2}" y="22" font-size="16" text-anchor="middle" font-family="sans-serif">${escapeXml(title)}</text>`,
  );
  const draw = (node: Node, x: number, level: number): void => {
    const w = node.count * scale;
    if (w < 0.1) return;
    const y = height - PAD - (level + 1) * FRAME_HEIGHT;
    const percent = ((node.count * 100) / root.count).toFixed(2);
    const samples = `${node.count} ${unit}${node.count === 1 ? '' : 's'}`;
    out.push(
      `<g class="frame" data-name="${escapeXml(node.name)}" data-samples="${node.count}"><title>${escapeXml(node.name)} (${samples}, ${percent}%)</title>`,
      `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${FRAME_HEIGHT - 1}" rx="2" fill="${colour(node.name, level)}"/>`,
    );
    if (w >= MIN_LABEL_WIDTH) {
      const fits = Math.floor((w - 6) / CHAR_WIDTH);
      const label = node.name.length <= fits ? node.name : `${node.name.slice(0, Math.max(fits - 2, 1))}..`;
      out.push(`<text x="${(x + 3).toFixed(2)}" y="${y + 12}">${escapeXml(label)}</text>`);
    }
    out.push('</g>');
    let childX = x;
    for (const child of [...node.children.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      draw(child, childX, level + 1);
      childX += child.count * scale;
    }
  };
  if (root.count > 0) draw(root, PAD, 0);
  out.push('</svg>');
  return out.join('\n') + '\n';
}

/** The same graph in an HTML page of its own. */
export function flameGraphHtml(stacks: readonly FoldedStack[], title: string): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeXml(title)}</title>\n<style>body{margin:0;background:#fafafa}svg{display:block;max-width:100%;height:auto}g.frame:hover rect{stroke:#000;stroke-width:0.5}</style>\n</head>\n<body>\n${flameGraphSvg(stacks, title)}</body>\n</html>\n`;
}
