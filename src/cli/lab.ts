// probectl lab up|down|status|traffic: thin wrappers over src/lab that check options and print JSON (status also as text).
import * as z from '../events/zod.js';
import { ProbectlError } from '../core/errors.js';
import { plural } from '../core/plural.js';
import { labDown, labStatus, labTraffic, labTrafficOptionsSchema, labUp, labUpOptionsSchema, type LabStatus } from '../lab/index.js';
import { checkedOptions } from './options.js';

const printJson = (value: unknown) => process.stdout.write(JSON.stringify(value, null, 2) + '\n');

export async function labUpCommand(raw: unknown): Promise<void> {
  const options = checkedOptions(labUpOptionsSchema, raw);
  // Ctrl-C half-way: stop between steps and remove what was made, rather than die with half a lab.
  const interrupt = new AbortController();
  const abort = () => interrupt.abort();
  process.once('SIGINT', abort).once('SIGTERM', abort);
  try {
    printJson(await labUp(options, interrupt.signal));
  } finally {
    process.off('SIGINT', abort).off('SIGTERM', abort);
  }
}

export async function labDownCommand(): Promise<void> {
  printJson(await labDown());
}

export async function labStatusCommand(raw: unknown): Promise<void> {
  const { json } = checkedOptions(z.strictObject({ json: z._default(z.boolean(), false) }), raw);
  const status = await labStatus();
  if (json) printJson(status);
  else process.stdout.write(statusText(status));
}

export async function labTrafficCommand(raw: unknown): Promise<void> {
  const result = await labTraffic(checkedOptions(labTrafficOptionsSchema, raw));
  printJson(result);
  if (!result.complete) {
    const failed = result.connections.find((c) => !c.ok);
    throw new ProbectlError(
      'LAB',
      `connection ${failed?.index ?? '?'} of ${result.requested.connections} failed: ${failed?.errors.join('; ') ?? 'unknown'}.`,
      'The JSON above has what was measured; try a lower --loss (probectl lab up --loss 5) or a longer --timeout.',
    );
  }
}

function statusText(s: LabStatus): string {
  if (s.state === 'down') return 'lab: down (none of it exists; probectl lab up makes it)\n';
  const mark = (present: boolean) => (present ? 'present' : 'MISSING');
  const lines = [`lab: ${s.state}${s.state === 'partial' ? ' (run probectl lab up to recreate it, or probectl lab down)' : ''}`];
  for (const ns of s.namespaces) lines.push(`  namespace ${ns.name}: ${mark(ns.present)}`);
  for (const i of s.interfaces) {
    const counters =
      i.rx && i.tx
        ? `, rx ${plural(i.rx.packets, 'packet')} / ${plural(i.rx.bytes, 'byte')}, tx ${plural(i.tx.packets, 'packet')} / ${plural(i.tx.bytes, 'byte')}`
        : '';
    lines.push(`  veth ${i.netns}/${i.name} ${i.address}: ${mark(i.present)}${i.operstate ? ` (${i.operstate})` : ''}${counters}`);
  }
  const drops = s.nft.dropped
    ? `: drops ${s.nft.loss_percent} % of TCP to port ${s.port}, dropped ${plural(s.nft.dropped.packets, 'packet')} / ${plural(s.nft.dropped.bytes, 'byte')}`
    : '';
  lines.push(`  nftables ${s.nft.family} ${s.nft.table} in ${s.nft.netns}: ${mark(s.nft.present)}${drops}`);
  return lines.join('\n') + '\n';
}
