// The JetStream message id of an event (Nats-Msg-Id): host, origin (boot and start of the run, or the recording) and seq, so a resent event is stored once.
import { readFileSync } from 'node:fs';

const BOOT_ID_FILE = '/proc/sys/kernel/random/boot_id';

/** This boot's id (the kernel makes a new one at each boot), or `unknown-boot` where the file cannot be read. */
export function bootId(): string {
  try {
    return readFileSync(BOOT_ID_FILE, 'utf8').trim() || 'unknown-boot';
  } catch {
    return 'unknown-boot';
  }
}

/**
 * Where a stream of events comes from, unique to it: seq restarts at 1 in every run, so a live run is its boot and the
 * millisecond it started, and a replay the recording's start (replaying it again resends the same events).
 */
export const liveOrigin = (startedAt: number, boot = bootId()): string => `${boot}.${startedAt}`;
export const recordedOrigin = (startedAt: number): string => `recording.${startedAt}`;

export const messageId = (host: string, origin: string, seq: number): string => `${host}/${origin}/${seq}`;
