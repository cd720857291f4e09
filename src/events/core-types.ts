// The names of the event types every probe shares, without their schemas: for code that only sorts events by type, so that it loads no zod.
export const coreEventTypes = ['tool.lost', 'tool.diagnostic', 'probe.status', 'fleet.host'] as const;
export type CoreEventType = (typeof coreEventTypes)[number];

export const isCoreEventType = (type: string): type is CoreEventType => (coreEventTypes as readonly string[]).includes(type);
