// What one run of a lab's live steps left in its directory, live or bundled under recordings/labs/<lab>/: each probe's recording, replayed, and the JSON the lab commands printed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay } from '../../src/api/replay.js';
import type { EventOf, ProbeEvent } from '../../src/events/index.js';

export class LabRun {
  private readonly replayed = new Map<string, Promise<ProbeEvent[]>>();

  constructor(readonly dir: string) {}

  /** The events of the probe's recording (dir/<probe>/), as `probectl replay` gives them. */
  events(probe: string): Promise<ProbeEvent[]> {
    let events = this.replayed.get(probe);
    if (events === undefined) {
      events = (async () => {
        const out: ProbeEvent[] = [];
        for await (const event of replay(join(this.dir, probe), { validate: true })) out.push(event);
        return out;
      })();
      this.replayed.set(probe, events);
    }
    return events;
  }

  async eventsOf<T extends ProbeEvent['type']>(probe: string, type: T): Promise<EventOf<T>[]> {
    return (await this.events(probe)).filter((e): e is EventOf<T> => e.type === type);
  }

  json<T>(file: string): T {
    return JSON.parse(this.text(file)) as T;
  }

  text(file: string): string {
    const path = join(this.dir, file);
    if (!existsSync(path)) throw new Error(`the run left no ${file} in ${this.dir}`);
    return readFileSync(path, 'utf8');
  }
}
