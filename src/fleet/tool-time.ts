// The tools' own wall-clock column (HH:MM:SS, read from the host's clock) moved onto this machine's clock by the host's offset.
import type { ProbeEvent } from '../events/index.js';

const HMS = /^(\d{2}):(\d{2}):(\d{2})$/;
const DAY_S = 86_400;
const two = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS minus the offset in whole seconds (the column has nothing finer), across midnight; any other text is kept as printed. */
export function shiftedToolTime(time: string, offsetMs: number): string {
  const m = HMS.exec(time);
  const shift = Math.sign(offsetMs) * Math.round(Math.abs(offsetMs) / 1000); // half a second rounds away from 0 either way
  if (m === null || shift === 0) return time;
  const s = (((Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) - shift) % DAY_S) + DAY_S) % DAY_S;
  return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
}

/**
 * The event's clock readings on this machine's clock: its `ts` already is (stamped on arrival here), and its `time`
 * (the tool's column, printed by the host's clock) is moved by the offset. Changes the event in place.
 */
export function onLocalClock(event: ProbeEvent, offsetMs: number | undefined): ProbeEvent {
  const printed = (event as { time?: unknown }).time;
  if (offsetMs !== undefined && typeof printed === 'string') (event as { time?: string }).time = shiftedToolTime(printed, offsetMs);
  return event;
}
