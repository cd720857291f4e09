// The publishing of one run or replay: started before the first event, fed each one, closed (drained) at the end, with a note for the closing line.
import type { ProbeEvent } from '../events/index.js';
import { JetStreamPublisher, type PublishSettings } from './jetstream-publisher.js';

export interface RunPublish {
  observe(event: ProbeEvent): void;
  /** Resolves when the producer may go on (the backlog is small, or the server is away and the spool takes the events). */
  room(): Promise<void>;
  /** Waits for the spool to empty (up to --publish-wait), then closes the connection. */
  close(): Promise<void>;
  note(): string;
}

export function startPublishing(settings: PublishSettings, origin: string, stderr: NodeJS.WritableStream = process.stderr): RunPublish {
  const publisher = new JetStreamPublisher(settings, origin, (line) => void stderr.write(line + '\n'));
  publisher.start();
  stderr.write(`probectl: publishing events to ${settings.target.shown} as ${settings.target.prefix}.<host>.<type> (stream ${settings.stream.name})\n`);
  return {
    observe: (event) => publisher.publish(event),
    room: () => publisher.room(),
    close: () => publisher.close(),
    note: () => publisher.note(),
  };
}
