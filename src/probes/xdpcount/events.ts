// Schemas of the XDP counter's events: packets per traffic class, and the busiest flows, per interval.
import * as z from '../../events/zod.js';
import { address, envelopeShape, family, port } from '../../events/envelope.js';
import { xdpClasses } from './classes.js';

export { xdpClasses } from './classes.js';
export const xdpClass = z.enum(xdpClasses);

const count = z.number().check(z.int(), z.nonnegative());
const rate = z.number().check(z.nonnegative());

export const xdpCountSchema = z.strictObject({
  type: z.literal('xdp.count'),
  ...envelopeShape,
  iface: z.string().check(z.minLength(1)),
  proto: xdpClass,
  family: z.optional(family),
  packets: count,
  bytes: count,
  interval_ms: z.number().check(z.int(), z.positive()),
  pps: rate,
  bps: rate,
});

export const xdpFlowSchema = z.strictObject({
  type: z.literal('xdp.flow'),
  ...envelopeShape,
  iface: z.string().check(z.minLength(1)),
  family: family,
  src: address,
  dst: address,
  sport: port,
  dport: port,
  proto: z.string().check(z.minLength(1)),
  traffic_type: xdpClass,
  packets: count,
  bytes: count,
});

declare module '../../events/event-types.js' {
  interface EventSchemas {
    'xdp.count': typeof xdpCountSchema;
    'xdp.flow': typeof xdpFlowSchema;
  }
}
