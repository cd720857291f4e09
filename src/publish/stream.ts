// The JetStream stream --publish writes to: found by name, or created with the prefix's subjects, its limits and its dedup window.
import { JetStreamApiError, type JetStreamManager, StorageType } from '@nats-io/jetstream';
import { streamSubjects } from './subject.js';

export interface StreamSettings {
  name: string;
  /** Seconds a message is kept (0: no limit). */
  maxAgeS: number;
  /** Bytes the stream may hold before the oldest messages go (-1: no limit). */
  maxBytes: number;
  /** Seconds during which a message id seen again is a duplicate, not stored. */
  duplicateWindowS: number;
}

const STREAM_NOT_FOUND = 10059;
const nanos = (seconds: number): number => Math.round(seconds * 1e9);

/** Creates the stream when it is missing; an existing one is used as it is. Says true when it created it. */
export async function ensureStream(jsm: JetStreamManager, prefix: string, settings: StreamSettings): Promise<boolean> {
  try {
    await jsm.streams.info(settings.name);
    return false;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.code === STREAM_NOT_FOUND)) throw error;
  }
  await jsm.streams.add({
    name: settings.name,
    subjects: streamSubjects(prefix),
    storage: StorageType.File,
    max_age: nanos(settings.maxAgeS),
    max_bytes: settings.maxBytes,
    duplicate_window: nanos(settings.duplicateWindowS),
  });
  return true;
}
