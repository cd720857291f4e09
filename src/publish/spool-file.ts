// The spool's file under --spool DIR: messages as JSON lines, read back in the order written; a file an earlier run left is taken over and sent first.
import { closeSync, ftruncateSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ProbectlError } from '../core/errors.js';
import { directoryFailureReason, makeDirectory } from '../core/make-directory.js';
import { processAlive } from '../core/process-alive.js';

export interface SpooledMessage {
  subject: string;
  id: string;
  data: string;
}

const READ_BYTES = 1 << 20;
const NAME = /^probectl-publish-(\d+)(?:-\d+)?\.spool$/;
let serial = 0;

/** A name of this process's own, so that two publishers in one process never share a file. */
const ownName = (): string => `probectl-publish-${process.pid}-${++serial}.spool`;

export const encodeMessage = (m: SpooledMessage): string => JSON.stringify([m.subject, m.id, m.data]) + '\n';

export class SpoolFile {
  private readAt = 0;
  private carry = '';

  private constructor(
    private path: string,
    private readonly fd: number,
    private writeAt: number,
    /** Messages in the file not yet read back. */
    public messages: number,
  ) {}

  /** A new, empty file in dir. */
  static create(dir: string): SpoolFile {
    try {
      makeDirectory(dir);
      const path = join(dir, ownName());
      return new SpoolFile(path, openSync(path, 'w+'), 0, 0);
    } catch (error) {
      throw new ProbectlError(
        'USAGE',
        `--spool ${dir}: cannot write the spool file there: ${directoryFailureReason(error as NodeJS.ErrnoException, dir)}.`,
        'Name a directory probectl may write to, or leave --spool out (events then wait in memory only).',
        { cause: error },
      );
    }
  }

  /**
   * The files in dir that a run no longer alive left behind (killed, or ended while the server was away), oldest first,
   * each renamed to a name of this process first, so that no other run takes the same one. A line cut by a crash is left out.
   */
  static takeOver(dir: string): SpoolFile[] {
    const found: { path: string; mtime: number }[] = [];
    for (const name of readdirSync(dir)) {
      const pid = Number(NAME.exec(name)?.[1]);
      if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
      const path = join(dir, name);
      found.push({ path, mtime: statSync(path).mtimeMs });
    }
    const taken: SpoolFile[] = [];
    for (const { path } of found.sort((a, b) => a.mtime - b.mtime)) {
      const mine = join(dir, ownName());
      try {
        renameSync(path, mine);
      } catch {
        continue; // another run took it first
      }
      const fd = openSync(mine, 'r+');
      const { complete, lines } = wholeLines(fd);
      if (lines === 0) {
        closeSync(fd);
        rmSync(mine, { force: true });
        continue;
      }
      taken.push(new SpoolFile(mine, fd, complete, lines));
    }
    return taken;
  }

  get unread(): number {
    return this.writeAt - this.readAt + this.carry.length;
  }

  append(m: SpooledMessage): void {
    this.writeAt += writeSync(this.fd, encodeMessage(m), this.writeAt);
    this.messages++;
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
    this.messages -= out.length;
    if (this.writeAt === this.readAt && this.carry === '') {
      ftruncateSync(this.fd, 0);
      this.writeAt = this.readAt = 0;
    }
    return out;
  }

  /** What is unread, as the lines written (for keeping it for a later run). */
  unreadLines(): Buffer {
    const rest = Buffer.alloc(this.writeAt - this.readAt);
    readSync(this.fd, rest, 0, rest.length, this.readAt);
    return Buffer.concat([Buffer.from(this.carry), rest]);
  }

  /** Rewrites the file to hold just these lines, and leaves it in place for a later run. */
  keep(lines: Buffer, messages: number): string {
    ftruncateSync(this.fd, 0);
    writeSync(this.fd, lines, 0, lines.length, 0);
    closeSync(this.fd);
    this.messages = messages;
    return this.path;
  }

  remove(): void {
    closeSync(this.fd);
    rmSync(this.path, { force: true });
  }
}

/** The length of the file up to its last newline, and how many lines that holds. */
function wholeLines(fd: number): { complete: number; lines: number } {
  const buffer = Buffer.alloc(READ_BYTES);
  let at = 0;
  let complete = 0;
  let lines = 0;
  for (let n = readSync(fd, buffer, 0, buffer.length, 0); n > 0; n = readSync(fd, buffer, 0, buffer.length, at)) {
    for (let i = buffer.indexOf(10); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) {
      lines++;
      complete = at + i + 1;
    }
    at += n;
  }
  return { complete, lines };
}
