// The lab's counters, read from the kernel as JSON: the drop rule's packets and bytes (`nft -j list table`) and the veths' rx/tx (`ip -s -j link`).
import * as z from '../events/zod.js';
import { inNetns, labCommand } from './lab-command.js';
import { LAB } from './topology.js';

const counterSchema = z.object({ packets: z.number().check(z.int(), z.nonnegative()), bytes: z.number().check(z.int(), z.nonnegative()) });
export type Counter = z.infer<typeof counterSchema>;

const ruleSchema = z.looseObject({ comment: z.optional(z.string()), expr: z.array(z.record(z.string(), z.unknown())) });
const nftListSchema = z.object({ nftables: z.array(z.looseObject({ rule: z.optional(ruleSchema) })) });
const numgenMatchSchema = z.object({
  match: z.looseObject({ op: z.literal('<'), left: z.object({ numgen: z.looseObject({ mod: z.number() }) }), right: z.number() }),
});

export interface LossRuleState {
  /** The share of packets the rule drops, in percent, as the kernel holds it. */
  percent: number;
  dropped: Counter;
}

/** The lab's drop rule (found by its comment) in `nft -j list table` output; undefined when the table has no such rule. */
export function parseNftLossRule(json: string): LossRuleState | undefined {
  const rule = nftListSchema.parse(JSON.parse(json)).nftables.find((o) => o.rule?.comment === LAB.nft.comment)?.rule;
  if (rule === undefined) return undefined;
  let dropped: Counter | undefined;
  let percent: number | undefined;
  for (const expr of rule.expr) {
    if ('counter' in expr) dropped = counterSchema.parse(expr.counter);
    const numgen = numgenMatchSchema.safeParse(expr);
    if (numgen.success) percent = (numgen.data.match.right * 100) / numgen.data.match.left.numgen.mod;
  }
  if (dropped === undefined || percent === undefined)
    throw new Error(`the rule "${LAB.nft.comment}" has no counter or no numgen match: ${JSON.stringify(rule)}`);
  return { percent, dropped };
}

export async function readLossRule(): Promise<LossRuleState | undefined> {
  const { family, table } = LAB.nft;
  return parseNftLossRule(await inNetns(LAB.server.netns, ['nft', '-j', 'list', 'table', family, table]));
}

/** The drop counter now; fails when the lab's rule is not there. */
export async function readDropCounter(): Promise<Counter> {
  const rule = await readLossRule();
  if (rule === undefined) throw new Error(`no rule "${LAB.nft.comment}" in table ${LAB.nft.family} ${LAB.nft.table}`);
  return rule.dropped;
}

const directionSchema = z.looseObject({
  packets: z.number().check(z.int(), z.nonnegative()),
  bytes: z.number().check(z.int(), z.nonnegative()),
  dropped: z.optional(z.number().check(z.int(), z.nonnegative())),
});
const linkSchema = z.looseObject({
  ifname: z.string(),
  operstate: z.optional(z.string()),
  stats64: z.optional(z.looseObject({ rx: directionSchema, tx: directionSchema })),
});
export const ipLinkStatsSchema = z.array(linkSchema);

export interface LinkCounters {
  operstate: string | undefined;
  rx: { packets: number; bytes: number; dropped?: number };
  tx: { packets: number; bytes: number; dropped?: number };
}

/** One interface's counters in `ip -s -j link` output; undefined when it is absent. */
export function parseIpLinkStats(json: string, ifname: string): LinkCounters | undefined {
  const link = ipLinkStatsSchema.parse(JSON.parse(json)).find((l) => l.ifname === ifname);
  if (link === undefined) return undefined;
  if (link.stats64 === undefined) throw new Error(`ip -s -j link printed no stats64 for ${ifname}`);
  const pick = ({ packets, bytes, dropped }: z.infer<typeof directionSchema>) => ({ packets, bytes, ...(dropped === undefined ? {} : { dropped }) });
  return { operstate: link.operstate, rx: pick(link.stats64.rx), tx: pick(link.stats64.tx) };
}

export async function readLinkCounters(netns: string, ifname: string): Promise<LinkCounters | undefined> {
  return parseIpLinkStats(await labCommand(['ip', '-n', netns, '-s', '-j', 'link', 'show']), ifname);
}
