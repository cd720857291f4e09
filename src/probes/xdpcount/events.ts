// Schemas of the XDP counter's events: packets per traffic class, and the busiest flows, per interval.
import { z } from 'zod';
import { address, envelopeShape, family, port } from '../../events/envelope.js';
import { xdpClasses } from './classes.js';

export { xdpClasses } from './classes.js';
export const xdpClass = z.enum(xdpClasses);

const count = z.number().int().nonnegative();
const rate = z.number().nonnegative();

export const xdpCountSchema = z.strictObject({
  type: z.literal('xdp.count'),
  ...envelopeShape,
  iface: z.string().min(1),
  proto: xdpClass,
  family: family.optional(),
  packets: count,
  bytes: count,
  interval_ms: z.number().int().positive(),
  pps: rate,
  bps: rate,
});

export const xdpFlowSchema = z.strictObject({
  type: z.literal('xdp.flow'),
  ...envelopeShape,
  iface: z.string().min(1),
  family: family,
  src: address,
  dst: address,
  sport: port,
  dport: port,
  proto: z.string().min(1),
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
