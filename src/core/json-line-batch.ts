// A batch of JSON lines as UTF-8 bytes: events serialised as text, and hot rows written byte by byte from their input.

/** Spare buffers kept for reuse: more than the batches one 256 KB input chunk makes (about three). */
const MAX_SPARES = 8;
/** Room past the flush mark, so that a line rarely needs the buffer to grow. */
const SLACK = 1 << 16;

/**
 * Each text line is encoded into the buffer as it comes: gathering them into one string and encoding
 * that cost about three times as much (the long string is a rope that must be flattened and measured).
 * Writers of bytes call `reserve`, store into `bytes` from `length` on, and advance `length`.
 */
export class JsonBytes {
  /** The bytes; those before `length` are the batch. */
  bytes: Buffer;
  /** A view of `bytes`, for writers that store several bytes at once. */
  view: DataView;
  length = 0;
  private readonly capacity: number;
  private readonly spares: Buffer[] = [];

  constructor(
    /** The batch is handed on (`onFull`) once it holds this many bytes. */
    private readonly flushAt: number,
    private readonly onFull: () => void,
  ) {
    this.capacity = flushAt + SLACK;
    this.bytes = Buffer.allocUnsafe(this.capacity);
    this.view = viewOf(this.bytes);
  }

  /** Appends one JSON text and a newline. */
  line(json: string): void {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8: room for that and the newline.
    const room = json.length * 3 + 1;
    if (this.length + room > this.bytes.length) this.grow(room);
    this.length += this.bytes.write(json, this.length);
    this.bytes[this.length++] = 10;
    if (this.length >= this.flushAt) this.onFull();
  }

  /** Makes room for n more bytes at `length` (`bytes` may be a new buffer afterwards). */
  reserve(n: number): void {
    if (this.length + n > this.bytes.length) this.grow(n);
  }

  /** Called after a line was written as bytes: hands the batch on once it is large enough. */
  lineWritten(): void {
    if (this.length >= this.flushAt) this.onFull();
  }

  /** The batch, handed over (the next one is written to another buffer); undefined when empty. */
  take(): Buffer | undefined {
    if (this.length === 0) return undefined;
    const batch = this.bytes.subarray(0, this.length);
    this.bytes = this.spares.pop() ?? Buffer.allocUnsafe(this.capacity);
    this.view = viewOf(this.bytes);
    this.length = 0;
    return batch;
  }

  /**
   * Gives back a batch from take() once its reader is done with it, for its buffer to be written
   * again: a new buffer for every batch of a large run keeps the garbage collector busy.
   */
  reuse(batch: Buffer): void {
    if (this.spares.length < MAX_SPARES && batch.byteOffset === 0 && batch.buffer.byteLength === this.capacity)
      this.spares.push(Buffer.from(batch.buffer, 0, this.capacity));
  }

  private grow(n: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.length + n));
    this.bytes.copy(bigger, 0, 0, this.length);
    this.bytes = bigger;
    this.view = viewOf(bigger);
  }
}

const viewOf = (bytes: Buffer): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
