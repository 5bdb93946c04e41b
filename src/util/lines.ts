// Lines of a text file, streamed in chunks: each line with its 1-based number, whether a newline ended it
// and the byte offset just past it. Unlike readline, the caller learns that the last line was cut short (a
// torn write) rather than seeing a complete-looking record. Memory holds one chunk plus one line, and a line
// longer than MAX_LINE_BYTES is refused with one line naming the file and line: /dev/zero or a 600 MB file
// without a newline is an error, not an out-of-memory crash.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { UserError } from './errors.ts';

/** The longest line any asapsim reader accepts (a trace event, a results line, a config file). */
export const MAX_LINE_BYTES = 16 << 20;

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** False only for a last line with no newline after it. */
  terminated: boolean;
  /** Bytes of the file up to and including this line's newline. */
  end: number;
}

function tooLong(path: string, number: number, max: number): UserError {
  return new UserError(`${path}:${number}: line longer than ${max >> 20} MiB (expected text lines; is this the right file?)`);
}

function notRegular(path: string): UserError | undefined {
  try {
    const s = statSync(path);
    if (s.isDirectory()) return new UserError(`${path}: is a directory, expected a file`);
  } catch {
    return new UserError(`${path}: not found`);
  }
  return undefined;
}

/** Splits chunks into lines; shared by the stream and the synchronous reader. */
class Splitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private number = 0;
  private offset = 0;
  constructor(
    private path: string,
    private max: number,
  ) {}

  *push(chunk: Buffer): Generator<Line> {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      if (this.partBytes + nl - start > this.max) throw tooLong(this.path, this.number + 1, this.max);
      const bytes = this.partBytes ? Buffer.concat([...this.parts, chunk.subarray(start, nl)]) : chunk.subarray(start, nl);
      this.parts = [];
      this.partBytes = 0;
      this.offset += bytes.length + 1;
      const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
      yield { text: bytes.toString('utf8', 0, end), number: ++this.number, terminated: true, end: this.offset };
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.partBytes += chunk.length - start;
      if (this.partBytes > this.max) throw tooLong(this.path, this.number + 1, this.max);
      this.parts.push(Buffer.from(chunk.subarray(start)));
    }
  }

  *finish(): Generator<Line> {
    if (this.partBytes === 0) return;
    const bytes = Buffer.concat(this.parts);
    this.offset += bytes.length;
    yield { text: bytes.toString('utf8'), number: ++this.number, terminated: false, end: this.offset };
  }
}

export async function* readLines(path: string, chunkBytes = 1 << 20, maxLineBytes = MAX_LINE_BYTES): AsyncGenerator<Line> {
  const bad = notRegular(path);
  if (bad) throw bad;
  const split = new Splitter(path, maxLineBytes);
  for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) yield* split.push(chunk);
  yield* split.finish();
}

export function* readLinesSync(path: string, chunkBytes = 1 << 20, maxLineBytes = MAX_LINE_BYTES): Generator<Line> {
  const bad = notRegular(path);
  if (bad) throw bad;
  const split = new Splitter(path, maxLineBytes);
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const n = readSync(fd, buf, 0, chunkBytes, null);
      if (n === 0) break;
      yield* split.push(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  yield* split.finish();
}

/** A whole text file of at most `maxBytes` (a config, a sweep file), read without trusting its size (/dev/zero). */
export function readTextFile(path: string, what: string, maxBytes = MAX_LINE_BYTES): string {
  const bad = notRegular(path);
  if (bad) throw new UserError(`${path}: ${what} ${bad.message.slice(path.length + 2)}`);
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new UserError(`${path}: ${what} larger than ${maxBytes >> 20} MiB (is this the right file?)`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.includes(0)) throw new UserError(`${path}: ${what} holds NUL bytes (a binary file, not text)`);
    return bytes.toString('utf8');
  } finally {
    closeSync(fd);
  }
}
