// The bounded spool of messages waiting for the server: memory first, then a file under --spool DIR; what fits in neither is counted as lost.
import { closeSync, ftruncateSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { directoryFailureReason, makeDirectory } from '../core/make-directory.js';

export interface SpooledMessage {
  subject: string;
  id: string;
  data: string;
}

export interface SpoolLimits {
  /** Bytes of messages kept in memory. */
  memoryBytes: number;
  /** A directory for the spool file, when messages may overflow to disk. */
  dir?: string;
  /** Bytes the spool file may hold. */
  fileBytes: number;
}

const sizeOf = (m: SpooledMessage): number => m.data.length + m.subject.length + m.id.length;
const READ_BYTES = 1 << 20;

class SpoolFile {
  private writeAt = 0;
  private readAt = 0;
  private carry = '';

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {}

  static open(dir: string): SpoolFile {
    const path = join(dir, `probectl-publish-${process.pid}.spool`);
    try {
      makeDirectory(dir);
      return new SpoolFile(path, openSync(path, 'w+'));
    } catch (error) {
      throw new ProbectlError(
        'USAGE',
        `--spool ${dir}: cannot write the spool file there: ${directoryFailureReason(error as NodeJS.ErrnoException, dir)}.`,
        'Name a directory probectl may write to, or leave --spool out (events then wait in memory only).',
        { cause: error },
      );
    }
  }

  get unread(): number {
    return this.writeAt - this.readAt + this.carry.length;
  }

  append(m: SpooledMessage): void {
    const line = JSON.stringify([m.subject, m.id, m.data]) + '\n';
    this.writeAt += writeSync(this.fd, line, this.writeAt);
  }

  /** The next messages in the order written, about `bytes` of them; the file starts again empty once everything was read. */
  read(bytes: number): SpooledMessage[] {
    const out: SpooledMessage[] = [];
    let taken = 0;
    while (taken < bytes && this.writeAt > this.readAt) {
      const buffer = Buffer.alloc(Math.min(READ_BYTES, this.writeAt - this.readAt));
      const n = readSync(this.fd, buffer, 0, buffer.length, this.readAt);
      this.readAt += n;
      const text = this.carry + buffer.toString('utf8', 0, n);
      const end = text.lastIndexOf('\n');
      this.carry = text.slice(end + 1);
      for (const line of text.slice(0, end + 1).split('\n')) {
        if (line === '') continue;
        const [subject, id, data] = JSON.parse(line) as [string, string, string];
        out.push({ subject, id, data });
        taken += line.length;
      }
    }
    if (this.writeAt === this.readAt && this.carry === '') {
      ftruncateSync(this.fd, 0);
      this.writeAt = this.readAt = 0;
    }
    return out;
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}

export class Spool {
  private memory: SpooledMessage[] = [];
  private head = 0;
  private memoryBytes = 0;
  private readonly file: SpoolFile | undefined;
  /** Messages that fitted nowhere. */
  lost = 0;
  /** Messages that went to the file. */
  spilled = 0;
  private count = 0;

  constructor(private readonly limits: SpoolLimits) {
    this.file = limits.dir === undefined ? undefined : SpoolFile.open(limits.dir);
  }

  get empty(): boolean {
    return this.memory.length === this.head && (this.file === undefined || this.file.unread === 0);
  }

  /** Keeps the message behind every other; false when it fitted nowhere (counted as lost). */
  push(m: SpooledMessage): boolean {
    const size = sizeOf(m);
    const fileInUse = this.file !== undefined && this.file.unread > 0;
    if (!fileInUse && this.memoryBytes + size <= this.limits.memoryBytes) {
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

  /** The first n messages waiting, oldest first, read back from the file when memory has run dry. */
  peek(n: number): SpooledMessage[] {
    if (this.memory.length === this.head && this.file !== undefined && this.file.unread > 0) {
      this.memory = this.file.read(this.limits.memoryBytes / 2);
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

  /** Messages waiting, in memory and in the file. */
  get waiting(): number {
    return this.count;
  }

  close(): void {
    this.file?.remove();
  }
}
