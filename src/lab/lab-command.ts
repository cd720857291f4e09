// The lab's commands (ip, nft), run once under the lab's time limit: their stdout, or an error with the command line and its stderr.
import { checkedStdout, oneShot } from '../core/one-shot.js';

const labCommandTimeoutMs = 10_000;

/** Resolves with argv's stdout; rejects with OneShotFailed. */
export const labCommand = async (argv: readonly string[]): Promise<string> => checkedStdout(await oneShot(argv, { timeoutMs: labCommandTimeoutMs }));

/** argv run inside a network namespace. */
export const inNetns = (netns: string, argv: readonly string[]): Promise<string> => labCommand(['ip', 'netns', 'exec', netns, ...argv]);
