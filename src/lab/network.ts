// The lab's network: two namespaces joined by a veth pair, an address at each end; what of it exists; removing it.
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from '../events/zod.js';
import { labCommand } from './lab-command.js';
import type { Step } from './steps.js';
import { LAB, LAB_ENDS } from './topology.js';

/** Steps that make the namespaces, the veth pair between them, their addresses, and bring the links up. */
export function networkSteps(): Step[] {
  const { client: a, server: b } = LAB;
  const ip = (...args: string[]) => labCommand(['ip', ...args]);
  return [
    ...LAB_ENDS.map((end) => ({
      describe: `create namespace ${end.netns}`,
      run: () => ip('netns', 'add', end.netns),
      undo: () => ip('netns', 'del', end.netns), // takes its end of the veth pair, and so the pair, with it
    })),
    {
      describe: `create veth ${a.veth} (in ${a.netns}) paired with ${b.veth} (in ${b.netns})`,
      run: () => ip('link', 'add', a.veth, 'netns', a.netns, 'type', 'veth', 'peer', 'name', b.veth, 'netns', b.netns),
    },
    ...LAB_ENDS.flatMap((end) => [
      {
        describe: `address ${end.addr}/${LAB.prefixLength} on ${end.veth}`,
        run: () => ip('-n', end.netns, 'addr', 'add', `${end.addr}/${LAB.prefixLength}`, 'dev', end.veth),
      },
      {
        describe: `bring up lo and ${end.veth} in ${end.netns}`,
        run: () => ip('-n', end.netns, 'link', 'set', 'lo', 'up').then(() => ip('-n', end.netns, 'link', 'set', end.veth, 'up')),
      },
    ]),
    { describe: `wait for ${a.veth} and ${b.veth} to report UP`, run: () => waitUntilUp(3_000) },
  ];
}

/** Polls the veths' operstate: the kernel reports a new carrier a moment after `link set up`, and packets sent before may be lost. */
async function waitUntilUp(limitMs: number): Promise<void> {
  const until = Date.now() + limitMs;
  const states = () => Promise.all(LAB_ENDS.map(async (end) => operstate(end.netns, end.veth)));
  for (let now = await states(); !now.every((s) => s === 'UP'); now = await states()) {
    if (Date.now() > until) throw new Error(`still not UP after ${limitMs / 1000} s (operstate ${now.join(', ')})`);
    await sleep(50);
  }
}

async function operstate(netns: string, name: string): Promise<string> {
  const links = z.array(z.looseObject({ operstate: z.string() })).parse(JSON.parse(await labCommand(['ip', '-n', netns, '-j', 'link', 'show', 'dev', name])));
  return links[0]?.operstate ?? 'absent';
}

const netnsListSchema = z.array(z.looseObject({ name: z.string() }));

/** The lab's namespaces that exist now. */
export async function presentNamespaces(): Promise<string[]> {
  const text = (await labCommand(['ip', '-j', 'netns', 'list'])).trim();
  const names = text === '' ? [] : netnsListSchema.parse(JSON.parse(text)).map((n) => n.name); // prints nothing when there are none
  return LAB_ENDS.map((end) => end.netns).filter((ns) => names.includes(ns));
}

/** Whether a link by that name exists in the namespace. */
export async function linkExists(netns: string, name: string): Promise<boolean> {
  const text = (await labCommand(['ip', '-n', netns, '-j', 'link', 'show'])).trim();
  return (
    text !== '' &&
    z
      .array(z.looseObject({ ifname: z.string() }))
      .parse(JSON.parse(text))
      .some((l) => l.ifname === name)
  );
}

/**
 * Removes the veth pair, then the namespaces. The pair is deleted explicitly so it goes even when a process still
 * holds a namespace open (a namespace lives on, unnamed, while anything is inside it). Returns what it removed.
 */
export async function removeNetwork(): Promise<string[]> {
  const removed: string[] = [];
  const present = await presentNamespaces();
  for (const end of LAB_ENDS) {
    if (!present.includes(end.netns) || !(await linkExists(end.netns, end.veth))) continue;
    await labCommand(['ip', '-n', end.netns, 'link', 'del', end.veth]); // its peer goes with it
    removed.push(`veth ${end.veth} (and its peer)`);
  }
  for (const ns of present) {
    await labCommand(['ip', 'netns', 'del', ns]);
    removed.push(`namespace ${ns}`);
  }
  return removed;
}
