// The last few non-empty lines a child printed on one stream, bounded, for the message of a failure.
import { decodeBytes } from '../core/lines.js';

const MAX_LINE_CHARS = 300;
const WINDOW_BYTES = 4096;

export class LineTail {
  private lines: string[] = [];
  private partial = '';

  constructor(private readonly keep = 3) {}

  push(bytes: Buffer): void {
    // Only a chunk's end can hold the last lines: a long chunk is cut and its first, broken line dropped.
    const cut = bytes.length > WINDOW_BYTES;
    const parts = ((cut ? '' : this.partial) + decodeBytes(cut ? bytes.subarray(-WINDOW_BYTES) : bytes)).split('\n');
    if (cut) parts.shift();
    this.partial = (parts.pop() ?? '').slice(-MAX_LINE_CHARS);
    for (const part of parts) this.add(part);
  }

  /** The kept lines joined by " | ", the unfinished last line included. */
  text(): string {
    const lines = [...this.lines];
    if (this.partial.trim() !== '') lines.push(this.partial.trim());
    return lines.slice(-this.keep).join(' | ');
  }

  private add(line: string): void {
    const text = line.replace(/\r$/, '').trim();
    if (text === '') return;
    this.lines.push(text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) + '…' : text);
    if (this.lines.length > this.keep) this.lines.shift();
  }
}
