// --pprof, --folded and --flamegraph on parse, replay and run: their check (stack-file-output.ts writes the files).
import * as z from '../events/zod.js';

const file = () => z.optional(z.string().check(z.minLength(1, 'must name a file')));

export const stackFileOptionsShape = { pprof: file(), folded: file(), flamegraph: file() };
