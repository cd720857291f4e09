// Is this the named tool's output at all? The start of the input is held back until one of its lines fits a layout of the tool, or none of the first lines does.
import { ProbectlError } from '../core/errors.js';
import type { ToolParser } from '../core/layout.js';
import { UncheckedPipeline } from '../core/unchecked-pipeline.js';
import { isCoreEventType } from '../events/core-types.js';
import type { EventType, ProbeEvent } from '../events/index.js';

/** Lines (not blank, not status) read before a verdict: none of them fits, the input is not the tool's. */
export const CHECKED_LINES = 200;
/** Bytes held back at most: with lines this long, the verdict comes from the lines read so far. */
const HELD_BYTES = 1 << 20;

/** What a line is, by the events parsing it gave: a row of the tool, any text at all (a printf), or a status line. */
type LineKind = 'row' | 'text' | 'status';
/** Event types' traits: none for the checked tool (not strict, its rows and its lines of any text both fit), every module's when the other tools are tried. */
type TraitsByType = { readonly [type: string]: { readonly anyLine?: true } | undefined };
const kindOf = (type: EventType, traits: TraitsByType): LineKind => (isCoreEventType(type) ? 'status' : traits[type]?.anyLine === true ? 'text' : 'row');

/** How each line of the held start reads to one parser. */
class LineReader {
  private readonly events: ProbeEvent[] = [];
  private readonly pipeline: UncheckedPipeline;
  /** Lines that fit (a row, a header, a line inside a block); with strict, any-text lines do not count. */
  fitting = 0;
  unparsed = 0;

  constructor(
    parser: ToolParser,
    layout: string | undefined,
    private readonly strict: boolean,
    private readonly traits: TraitsByType,
  ) {
    this.pipeline = new UncheckedPipeline({ parser, layout, host: '', onEvent: (event) => this.events.push(event) });
  }

  /** Reads one line (without its newline); false for a status line, which counts neither way. */
  line(text: string): boolean {
    this.pipeline.chunk('stdout', Buffer.from(text + '\n'), 0);
    const events = this.events.splice(0);
    if (events.some((e) => e.type === 'tool.diagnostic' && e.level === 'unparsed')) this.unparsed++;
    else if (events.length === 0 || events.some((e) => this.fits(kindOf(e.type, this.traits)))) this.fitting++;
    else return false;
    return true;
  }

  /** A row fits; a line of any text only when not strict. */
  private fits(kind: LineKind): boolean {
    return kind === 'row' || (!this.strict && kind === 'text');
  }
}

export class ToolCheck {
  private held: { chunk: Buffer; ts: number }[] = [];
  private heldBytes = 0;
  private partial = '';
  private readonly lines: string[] = [];
  private readonly reader: LineReader;
  private counted = 0;
  /** True once a line fitted: the held chunks are handed back and nothing more is held. */
  done = false;

  /** The tool's own lines need no traits: not strict, a row and a line of any text both fit. */
  constructor(
    private readonly parser: ToolParser,
    private readonly layout: string | undefined,
    private readonly what: string,
  ) {
    this.reader = new LineReader(parser, layout, false, {});
  }

  /** Holds a chunk (copied: the reader reuses its buffers); returns the chunks to parse once the input proves to be the tool's. */
  async push(chunk: Buffer, ts: number): Promise<{ chunk: Buffer; ts: number }[]> {
    this.held.push({ chunk: Buffer.from(chunk), ts });
    this.heldBytes += chunk.length;
    const text = this.partial + chunk.toString('utf8');
    const lines = text.split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) {
      this.read(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (this.done) return this.release();
      if (this.counted >= CHECKED_LINES) return await this.verdict();
    }
    return this.heldBytes >= HELD_BYTES ? await this.verdict() : [];
  }

  /** The input ended before a verdict: what was held, or the refusal. */
  async end(): Promise<{ chunk: Buffer; ts: number }[]> {
    if (this.partial.trim() !== '') this.read(this.partial);
    return this.done ? this.release() : await this.verdict();
  }

  private read(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (!this.reader.line(line)) return;
    this.counted++;
    if (this.reader.fitting > 0) this.done = true;
  }

  private release(): { chunk: Buffer; ts: number }[] {
    this.done = true;
    const held = this.held;
    this.held = [];
    return held;
  }

  /** No line fitted: refused, naming the tool whose rows these are when one is found (the registry is loaded for that alone). */
  private async verdict(): Promise<{ chunk: Buffer; ts: number }[]> {
    if (this.reader.unparsed === 0) return this.release(); // nothing but status lines (or nothing at all): no reason to refuse
    const { eventTraits, toolParsers } = await import('../probes/registry.js');
    const others = Object.values(toolParsers)
      .filter((parser) => parser.tool !== this.parser.tool)
      .map((parser) => {
        const reader = new LineReader(parser, undefined, true, eventTraits);
        for (const line of this.lines) reader.line(line);
        return { tool: parser.tool, fitting: reader.fitting };
      })
      .filter((other) => other.fitting > 0)
      .sort((a, b) => b.fitting - a.fitting);
    const layout = this.layout === undefined ? '' : ` with layout ${this.layout}`;
    const first = this.counted >= CHECKED_LINES ? `none of the first ${this.counted} lines` : `none of the ${this.counted} lines`;
    const message = `${first} of ${this.what} reads as ${this.parser.tool} output${layout}`;
    const best = others[0];
    if (best !== undefined)
      throw new ProbectlError(
        'INPUT',
        `${message}; they read as ${best.tool} output.`,
        `Try: probectl parse ${best.tool}${this.what === 'stdin' ? '' : ` ${this.what}`}`,
      );
    throw new ProbectlError(
      'INPUT',
      `${message}, nor as the output of any tool probectl knows.`,
      "Check the file; 'probectl layouts' lists what each tool prints.",
    );
  }
}

/** Refuses input holding a NUL byte: no tool prints one, so it is a binary file, not a tool's output. */
export function refuseBinary(chunk: Buffer, what: string): void {
  if (chunk.indexOf(0) !== -1)
    throw new ProbectlError(
      'INPUT',
      `${what} holds NUL bytes: it is a binary file, not the text output of a tool.`,
      'Give probectl parse the text a tool printed.',
    );
}
