// The imports of a TypeScript file, each marked as one that runs (static or dynamic) or one the compiler erases (types only).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import ts from 'typescript';

export interface FileImport {
  /** The importing file, relative to the repository root with / separators ("src/run/probe-run.ts"). */
  from: string;
  /** The imported file the same way, for relative specifiers; the package name otherwise. */
  to: string;
  specifier: string;
  line: number;
  /** `import type`, `export type`, `import { type A, type B }`, `typeof import('...')`: gone from the emitted JavaScript. */
  typeOnly: boolean;
}

const posix = (path: string) => path.split(sep).join('/');

/** Every .ts file under dir (relative to root), sorted. */
export function typescriptFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => posix(join(dir, name)))
    .sort();
}

function isTypeOnly(node: ts.ImportDeclaration | ts.ExportDeclaration): boolean {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (clause === undefined) return false; // import './side-effect.js'
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return (
      clause.name === undefined && named !== undefined && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)
    );
  }
  if (node.isTypeOnly) return true;
  const named = node.exportClause;
  return named !== undefined && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/** The imports in a file's text; `file` is its path relative to the repository root. */
export function importsOf(file: string, text: string): FileImport[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: FileImport[] = [];
  const add = (literal: ts.StringLiteral, typeOnly: boolean) => {
    const specifier = literal.text;
    const to = specifier.startsWith('.') ? posix(join(dirname(file), specifier)).replace(/\.js$/, '.ts') : specifier;
    found.push({ from: file, to, specifier, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier))
      add(node.moduleSpecifier, isTypeOnly(node));
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument)) add(argument, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) add(node.argument.literal, true);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The imports of every file, read from disk under root. */
export function readImports(root: string, files: readonly string[]): FileImport[] {
  return files.flatMap((file) => importsOf(file, readFileSync(resolve(root, file), 'utf8')));
}

/** Whether a relative import reaches outside the folder ("src/") its file must keep to. */
export const leaves = (imported: FileImport, folder: string): boolean => imported.specifier.startsWith('.') && !imported.to.startsWith(folder);
