// Reads the COUNT and FLOW lines both xdpcount loaders print (bcc-tools/xdpcount): TAB-separated, deltas over one interval.
import type { EventBody } from '../../events/index.js';
import { xdpClasses } from './classes.js';
import { addressField, integerField, portField, tabFields } from '../../core/tab-fields.js';

type XdpClass = (typeof xdpClasses)[number];
const classOf = (text: string): XdpClass | undefined => ((xdpClasses as readonly string[]).includes(text) ? (text as XdpClass) : undefined);
const familyOf = (text: string): 4 | 6 | undefined | null => (text === '4' ? 4 : text === '6' ? 6 : text === '-' ? undefined : null);
/** An interface name as the kernel allows it: 1 to 15 bytes, no slash, colon or whitespace. */
const ifaceOf = (text: string): string | undefined => (text.length > 0 && text.length < 16 && !/[\s/:]/.test(text) ? text : undefined);

/** Per second, over interval_ms; rounded to 0.01. */
const perSecond = (n: number, ms: number): number => Math.round((n * 100_000) / ms) / 100;

/** COUNT iface class family(4|6|-) packets bytes interval-ms */
export function parseCountLine(text: string): EventBody<'xdp.count'> | undefined {
  if (!text.startsWith('COUNT\t')) return undefined;
  const f = tabFields(text, 7);
  if (f === undefined || f[6]!.indexOf('\t') !== -1) return undefined;
  const iface = ifaceOf(f[1]!);
  const proto = classOf(f[2]!);
  const family = familyOf(f[3]!);
  const packets = integerField(f[4]!);
  const bytes = integerField(f[5]!);
  const interval = integerField(f[6]!);
  if (iface === undefined || proto === undefined || family === null || packets === undefined || bytes === undefined || interval === undefined || interval === 0)
    return undefined;
  return {
    iface,
    proto,
    ...(family !== undefined && { family }),
    packets,
    bytes,
    interval_ms: interval,
    pps: perSecond(packets, interval),
    bps: perSecond(bytes * 8, interval),
  };
}

/** FLOW iface src dst sport dport ip-protocol class packets bytes */
export function parseFlowLine(text: string): EventBody<'xdp.flow'> | undefined {
  if (!text.startsWith('FLOW\t')) return undefined;
  const f = tabFields(text, 10);
  if (f === undefined || f[9]!.indexOf('\t') !== -1) return undefined;
  const iface = ifaceOf(f[1]!);
  const src = addressField(f[2]!);
  const dst = addressField(f[3]!);
  const sport = portField(f[4]!);
  const dport = portField(f[5]!);
  const proto = /^[a-z0-9]{1,8}$/.test(f[6]!) ? f[6]! : undefined;
  const traffic_type = classOf(f[7]!);
  const packets = integerField(f[8]!);
  const bytes = integerField(f[9]!);
  if (
    iface === undefined ||
    src === undefined ||
    dst === undefined ||
    sport === undefined ||
    dport === undefined ||
    proto === undefined ||
    traffic_type === undefined ||
    packets === undefined ||
    bytes === undefined
  )
    return undefined;
  return { iface, family: src.includes(':') ? 6 : 4, src, dst, sport, dport, proto, traffic_type, packets, bytes };
}
