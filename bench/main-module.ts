// Whether a benchmark file is the program node was started with, or imported by bench/all.ts.
import { pathToFileURL } from 'node:url';

/** True when the module at `url` (its import.meta.url) is the script node runs. */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
