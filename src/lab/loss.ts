// The lab's loss: an nftables table in the server's namespace whose one rule drops a random share of packets to the test port, with a counter.
import { inNetns, labCommand } from './lab-command.js';
import type { Step } from './steps.js';
import { LAB, lossRule } from './topology.js';

const { family, table, chain } = LAB.nft;
const nft = (...args: string[]) => inNetns(LAB.server.netns, ['nft', ...args]);

export function lossSteps(percent: number): Step[] {
  return [
    {
      describe: `create nftables table ${family} ${table} in ${LAB.server.netns}`,
      run: () => nft('add', 'table', family, table),
      undo: () => nft('delete', 'table', family, table),
    },
    { describe: `create its ${chain} chain`, run: () => nft('add', 'chain', family, table, chain, '{ type filter hook input priority 0; }') },
    {
      describe: `add the rule dropping ${percent} % of TCP packets to port ${LAB.port}`,
      run: () => nft('add', 'rule', family, table, chain, ...lossRule(percent)),
    },
  ];
}

/** Whether the table exists (false when its namespace does not). */
export async function lossTableExists(): Promise<boolean> {
  const namespaces = await labCommand(['ip', 'netns', 'list']);
  if (!namespaces.split('\n').some((l) => l.split(' ')[0] === LAB.server.netns)) return false;
  return (await nft('list', 'tables')).split('\n').some((l) => l.trim() === `table ${family} ${table}`);
}

/** Deletes the table if it exists; returns what it removed. */
export async function removeLoss(): Promise<string[]> {
  if (!(await lossTableExists())) return [];
  await nft('delete', 'table', family, table);
  return [`nftables table ${family} ${table}`];
}
