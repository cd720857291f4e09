// --pprof, --folded and --flamegraph on parse, replay and run: their check (stack-file-output.ts writes the files).
import { z } from 'zod';

const file = () => z.string().min(1, 'must name a file').optional();

export const stackFileOptionsShape = { pprof: file(), folded: file(), flamegraph: file() };
