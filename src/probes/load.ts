// One probe module, or its parser alone, loaded by its name without the registry's others: what `probectl parse <tool>` starts with.
import type { ToolParser } from '../core/layout.js';
import type { ProbeModule } from './probe-module.js';

/** A probe's folder name: lower-case letters and digits, so that a name given on the command line can only name a folder here. */
const MODULE_NAME = /^[a-z][a-z0-9]*$/;

/**
 * The module named `name`, from its own folder (`<name>/index.js`, exporting `<name>Module`), or undefined when there
 * is none. Loading the registry instead evaluates all twelve modules (their parsers, schemas, summaries and plans),
 * about 30 ms of a parse's start (docs/performance.md); the registry stays the one list of modules, and a test holds
 * every module it lists to the one loaded here by the same name.
 */
export async function loadProbeModule(name: string): Promise<ProbeModule | undefined> {
  const module = (await folderExports(name, 'index'))?.[`${name}Module`] as ProbeModule | undefined;
  return module?.name === name ? module : undefined;
}

/**
 * The parser of the module named `name`, from its folder's parser.js (exporting `<name>Parser`), or undefined. A
 * module's index.js brings its event schemas, and with them zod, some 70 ms of a parse's start (docs/performance.md);
 * a parse that does not check events needs the parser alone, which loads no zod (test/probes/load.test.ts holds each
 * to it).
 */
export async function loadToolParser(name: string): Promise<ToolParser | undefined> {
  const parser = (await folderExports(name, 'parser'))?.[`${name}Parser`] as ToolParser | undefined;
  return parser?.tool === name ? parser : undefined;
}

async function folderExports(name: string, file: 'index' | 'parser'): Promise<Record<string, unknown> | undefined> {
  if (!MODULE_NAME.test(name)) return undefined;
  try {
    return await (file === 'index' ? import(`./${name}/index.js`) : import(`./${name}/parser.js`));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** No such module: Node's loader says so by its code, the bundle of the command line (esbuild's map of the folders) by its message. */
const isNotFound = (error: unknown): boolean =>
  (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' || (error as Error).message?.startsWith('Module not found in bundle');
