// xdpcount's own options (--iface, --interval, --mode, --filter, --top, --exclude-dns), checked by zod.
import * as z from '../../events/zod.js';
import { wholeNumber } from '../../core/option-numbers.js';
import { ifaceSchema } from '../../plan/iface.js';
import { intervalOption, intervalSchema, type ProbeOptions } from '../../plan/probe-options.js';

export const xdpModes = ['auto', 'native', 'skb'] as const;
export const xdpFilters = ['all', 'tcp', 'udp', 'icmp', 'roce', 'roce_v1', 'roce_v2'] as const;
export type XdpFilter = (typeof xdpFilters)[number];

export const xdpcountOptionsSchema = z.strictObject({
  iface: ifaceSchema,
  /** Seconds between reports. */
  interval: intervalSchema,
  mode: z._default(z.enum(xdpModes, { error: () => `must be one of ${xdpModes.join(', ')}` }), 'auto'),
  filter: z._default(z.enum(xdpFilters, { error: () => `must be one of ${xdpFilters.join(', ')}` }), 'all'),
  /** Flows reported per interval, the busiest first. */
  top: z._default(
    wholeNumber(0, 1000, {
      notNumber: 'must be a whole number',
      notWhole: 'must be a whole number',
      below: 'must not be negative',
      above: 'must be at most 1000',
    }),
    10,
  ),
  excludeDns: z._default(z.boolean(), false),
});
export type XdpcountOptions = z.infer<typeof xdpcountOptionsSchema>;

export const xdpcountOptions: ProbeOptions = {
  schema: xdpcountOptionsSchema,
  flags: [
    { key: 'iface', flag: '--iface <name>', help: 'the interface to count on (in this network namespace)' },
    intervalOption,
    { key: 'mode', flag: '--mode <mode>', help: 'auto, native or skb (generic) XDP (default auto: native, else skb)' },
    { key: 'filter', flag: '--filter <class>', help: `count only ${xdpFilters.slice(0, -1).join(', ')} or ${xdpFilters.at(-1)} (default all)` },
    { key: 'top', flag: '--top <n>', help: 'flows reported per interval, the busiest first (default 10)' },
    { key: 'excludeDns', flag: '--exclude-dns', help: 'leave out TCP and UDP to or from port 53' },
  ],
  missing: "Give --iface NAME (see 'ip link'; inside a namespace: ip netns exec NS probectl run xdpcount --iface NAME).",
};

/** The classes of bcc-tools/xdpcount/xdpcount.h, by their enum number. */
const CLASS_BITS = {
  tcp4: 0,
  udp4: 1,
  icmp4: 2,
  other4: 3,
  tcp6: 4,
  udp6: 5,
  icmp6: 6,
  other6: 7,
  roce2_4: 8,
  roce2_6: 9,
  roce1: 10,
  arp: 11,
  other: 12,
} as const;
type ClassBit = keyof typeof CLASS_BITS;

/** UDP includes RoCE v2 (UDP to 4791); roce is both versions. */
const FILTER_CLASSES: Record<XdpFilter, readonly ClassBit[]> = {
  all: Object.keys(CLASS_BITS) as ClassBit[],
  tcp: ['tcp4', 'tcp6'],
  udp: ['udp4', 'udp6', 'roce2_4', 'roce2_6'],
  icmp: ['icmp4', 'icmp6'],
  roce: ['roce1', 'roce2_4', 'roce2_6'],
  roce_v1: ['roce1'],
  roce_v2: ['roce2_4', 'roce2_6'],
};

/** The loaders' --class-mask for a filter: bit n set counts class n. */
export function classMask(filter: XdpFilter): number {
  return FILTER_CLASSES[filter].reduce((mask, c) => mask | (1 << CLASS_BITS[c]), 0);
}
