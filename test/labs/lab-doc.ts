// Reads a lab page of docs/labs: its fenced blocks (```sh live, ```sh replay, ```text output) and the facts its answers state (**7**<!--fact:retransmits-->).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../recordings.js';

export const LABS_DOCS = join(repoRoot, 'docs', 'labs');

export interface Block {
  /** The words after the opening fence: ["sh", "live"]. */
  info: string[];
  text: string;
  /** 1-based line of the opening fence, for messages. */
  line: number;
}

/** A replay block and the output block right after it, if there is one. */
export interface ReplayStep {
  script: string;
  output: string | undefined;
  line: number;
}

export interface Fact {
  name: string;
  /** As the page states it, between the ** **. */
  value: string;
  line: number;
}

export interface LabDoc {
  /** The page's name without .md, also its recordings' directory: recordings/labs/<name>/. */
  name: string;
  markdown: string;
  blocks: Block[];
}

/** Every lab page (not the index), by name. */
export function labNames(): string[] {
  return readdirSync(LABS_DOCS)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -3))
    .sort();
}

export function readLabDoc(name: string): LabDoc {
  const markdown = readFileSync(join(LABS_DOCS, `${name}.md`), 'utf8');
  return { name, markdown, blocks: fencedBlocks(markdown) };
}

export function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(.*)$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    if (i === lines.length) throw new Error(`the block opened at line ${start + 1} is never closed`);
    blocks.push({ info: open[1]!.trim().split(/\s+/).filter(Boolean), text: body.join('\n') + '\n', line: start + 1 });
  }
  return blocks;
}

const isBlock = (b: Block | undefined, lang: string, tag: string) => b !== undefined && b.info[0] === lang && b.info.includes(tag);

/** The live steps, all ```sh live blocks in order, as one script. */
export const liveScript = (doc: LabDoc): string =>
  doc.blocks
    .filter((b) => isBlock(b, 'sh', 'live'))
    .map((b) => b.text)
    .join('');

/** Every ```sh replay block, with the ```text output block that follows it. */
export function replaySteps(doc: LabDoc): ReplayStep[] {
  return doc.blocks.flatMap((b, i) => {
    if (!isBlock(b, 'sh', 'replay')) return [];
    const next = doc.blocks[i + 1];
    return [{ script: b.text, output: isBlock(next, 'text', 'output') ? next!.text : undefined, line: b.line }];
  });
}

/** Every **value**<!--fact:name--> in the page. */
export function statedFacts(doc: LabDoc): Fact[] {
  return doc.markdown
    .split('\n')
    .flatMap((text, i) => [...text.matchAll(/\*\*([^*]+)\*\*<!--fact:([\w.-]+)-->/g)].map((m) => ({ name: m[2]!, value: m[1]!, line: i + 1 })));
}
