// The least a parse of a file can cost in node: read it as probectl parse does (src/cli/input.ts) and find every line.
import { inputChunks } from '../src/cli/input.js';

let lines = 0;
for await (const chunk of inputChunks(process.argv[2]!)) for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, nl + 1)) lines++;
process.stdout.write(`${lines}\n`);
