// --report FILE: the result written as HTML, Markdown or JSON, by the file's extension.
import { writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { renderHtml } from './html-report.js';
import { renderMarkdown } from './markdown-report.js';
import type { RunbookResult } from './result.js';

const RENDERERS: Record<string, (r: RunbookResult) => string> = {
  '.html': renderHtml,
  '.htm': renderHtml,
  '.md': renderMarkdown,
  '.json': (r) => JSON.stringify(r, null, 2) + '\n',
};

/** Refuses an extension it cannot write, before anything runs. */
export function checkReportPath(file: string): void {
  if (RENDERERS[extname(file).toLowerCase()] === undefined)
    throw new ProbectlError(
      'USAGE',
      `--report ${file}: the format comes from the extension, and "${extname(file) || '(none)'}" is not one.`,
      'Name the file .html, .md or .json.',
    );
}

export async function writeReport(file: string, result: RunbookResult): Promise<void> {
  checkReportPath(file);
  try {
    await writeFile(file, RENDERERS[extname(file).toLowerCase()]!(result));
  } catch (error) {
    throw new ProbectlError('OUTPUT', `cannot write the report ${file}: ${(error as Error).message}`, 'Check the path and its permissions.', { cause: error });
  }
}
