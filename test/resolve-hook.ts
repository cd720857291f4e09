// A fresh node with a module-resolution hook registered before anything else loads: what a command or an import pulls in.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';

/** Runs node with args after registering `hooks`, the source of a module that exports resolve(specifier, context, next). */
export function nodeWithResolveHook(hooks: string, args: readonly string[], env?: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  const register = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));`;
  return spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register)}`, ...args], {
    encoding: 'utf8',
    timeout: 30_000,
    ...(env && { env }),
  });
}
