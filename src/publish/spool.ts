// The bounded spool of messages waiting for the server: memory first, then a file under --spool DIR; what fits in neither is counted as lost.
import { type SpooledMessage, SpoolFile, encodeMessage } from './spool-file.js';

export type { SpooledMessage } from './spool-file.js';

export interface SpoolLimits {
  /** Bytes of messages kept in memory. */
  memoryBytes: number;
  /** A directory for the spool file, when messages may overflow to disk. */
  dir?: string;
  /** Bytes the spool file may hold. */
  fileBytes: number;
}

const sizeOf = (m: SpooledMessage): number => m.data.length + m.subject.length + m.id.length;

export class Spool {
  private memory: SpooledMessage[] = [];
  private head = 0;
  private memoryBytes = 0;
  private readonly file: SpoolFile | undefined;
  /** Files earlier runs left unsent in the directory: older than anything of this run, so they go first. */
  private readonly leftovers: SpoolFile[];
  /** Messages that fitted nowhere. */
  lost = 0;
  /** Messages that went to the file. */
  spilled = 0;
  /** Messages taken over from files earlier runs left. */
  readonly takenOver: number;
  private count = 0;

  constructor(private readonly limits: SpoolLimits) {
    this.file = limits.dir === undefined ? undefined : SpoolFile.create(limits.dir);
    this.leftovers = limits.dir === undefined ? [] : SpoolFile.takeOver(limits.dir);
    this.takenOver = this.leftovers.reduce((sum, f) => sum + f.messages, 0);
    this.count = this.takenOver;
  }

  get empty(): boolean {
    return this.memory.length === this.head && this.fileUnread() === 0;
  }

  /** Keeps the message behind every other; false when it fitted nowhere (counted as lost). */
  push(m: SpooledMessage): boolean {
    const size = sizeOf(m);
    if (this.fileUnread() === 0 && this.memoryBytes + size <= this.limits.memoryBytes) {
      this.memory.push(m);
      this.memoryBytes += size;
      this.count++;
      return true;
    }
    if (this.file !== undefined && this.file.unread + size <= this.limits.fileBytes) {
      this.file.append(m);
      this.spilled++;
      this.count++;
      return true;
    }
    this.lost++;
    return false;
  }

  /** The first n messages waiting, oldest first, read back from the files (earlier runs' first) when memory has run dry. */
  peek(n: number): SpooledMessage[] {
    if (this.memory.length === this.head && this.fileUnread() > 0) {
      while (this.leftovers[0]?.unread === 0) this.leftovers.shift()!.remove(); // all of it was read, and sent
      const source = this.leftovers[0] ?? this.file!;
      this.memory = source.read(this.limits.memoryBytes / 2);
      this.head = 0;
      this.memoryBytes = this.memory.reduce((sum, m) => sum + sizeOf(m), 0);
    }
    return this.memory.slice(this.head, this.head + n);
  }

  /** Forgets the first n messages, once the server has stored them. */
  drop(n: number): void {
    for (let i = 0; i < n && this.head < this.memory.length; i++) {
      this.memoryBytes -= sizeOf(this.memory[this.head++]!);
      this.count--;
    }
    if (this.head > 4096 && this.head * 2 > this.memory.length) {
      this.memory = this.memory.slice(this.head);
      this.head = 0;
    }
  }

  /** Messages waiting, in memory and in the files. */
  get waiting(): number {
    return this.count;
  }

  /**
   * Ends the spool. With a directory, what still waits is written to one file there, in order, for the next run
   * with the same --spool to send first; returns how many messages that file keeps (0 without a directory).
   */
  close(): number {
    const waiting = this.count;
    const keptFile = this.file;
    if (keptFile === undefined || waiting === 0) {
      for (const f of this.leftovers) f.remove();
      keptFile?.remove();
      return 0;
    }
    const inMemory = Buffer.from(this.memory.slice(this.head).map(encodeMessage).join(''));
    const lines = Buffer.concat([inMemory, ...this.leftovers.map((f) => f.unreadLines()), keptFile.unreadLines()]);
    for (const f of this.leftovers) f.remove();
    keptFile.keep(lines, waiting);
    return waiting;
  }

  private fileUnread(): number {
    return (this.file?.unread ?? 0) + this.leftovers.reduce((sum, f) => sum + f.unread, 0);
  }
}
