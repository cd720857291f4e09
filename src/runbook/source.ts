// A runbook file read as YAML, keeping where each value stands so that every error names its line and column.
import { readFile } from 'node:fs/promises';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { ProbectlError } from '../core/errors.js';
import { bundledRunbooks } from './bundled.js';

export type Path = readonly (string | number)[];

/** `assertions[0].below` */
export function formatPath(path: Path): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export class RunbookSource {
  private constructor(
    /** The file as the user named it, for messages. */
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  static async read(file: string): Promise<RunbookSource> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      const bundled = bundledRunbooks();
      throw new ProbectlError(
        'RUNBOOK',
        missing ? `there is no runbook file or bundled runbook ${JSON.stringify(file)}.` : `cannot read the runbook ${file}: ${(error as Error).message}`,
        `Give the path of a runbook YAML file${bundled.length > 0 ? `, or the name of a bundled one: ${bundled.join(', ')}` : ''}.`,
        { cause: error },
      );
    }
    return RunbookSource.parse(file, text);
  }

  static parse(file: string, text: string): RunbookSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const first = doc.errors[0];
    if (first !== undefined) {
      const { line, col } = lines.linePos(first.pos[0]);
      const inFlow = /[{[][^\n]*\$\{/.test(text.split('\n')[line - 1] ?? '');
      throw new ProbectlError(
        'RUNBOOK',
        `${file}:${line}:${col}: not valid YAML: ${first.message.split('\n')[0]}`,
        inFlow ? 'Inside { } or [ ], quote a parameter: port: "${port}".' : 'Fix the YAML at that line (indentation, a missing colon, an unclosed bracket).',
      );
    }
    return new RunbookSource(file, doc.toJS({ maxAliasCount: 50 }), doc, lines);
  }

  /** Line and column of the value at path, or of the nearest enclosing value that exists; `key` points at the key itself. */
  position(path: Path, key?: string): { line: number; col: number } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = depth === 0 ? this.doc.contents : this.doc.getIn(path.slice(0, depth), true);
      if (node === undefined || node === null) continue;
      if (depth === path.length && key !== undefined && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        const range = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
        if (range) return this.lines.linePos(range[0]);
      }
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return this.lines.linePos(range[0]);
    }
    return { line: 1, col: 1 };
  }

  /** The error for a problem at path: `tcp-health.yaml:12:5: assertions[0].below must be a number`. */
  error(path: Path, problem: string, suggestion = 'See docs/runbooks.md for the runbook format.', key?: string): ProbectlError {
    const { line, col } = this.position(path, key);
    const where = formatPath(key === undefined ? path : [...path, key]);
    return new ProbectlError('RUNBOOK', `${this.file}:${line}:${col}: ${where === '' ? '' : where + ' '}${problem}`, suggestion);
  }
}
