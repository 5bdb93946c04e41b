// Lines of a text file, streamed in large chunks: each line with its 1-based number and whether a newline
// ended it. Unlike readline, the caller learns that the last line was cut short (a torn write) rather than
// seeing a complete-looking record. Memory holds one chunk plus one line, whatever the file's size.
import { createReadStream } from 'node:fs';

export interface Line {
  text: string;
  /** 1-based line number. */
  number: number;
  /** False only for a last line with no newline after it. */
  terminated: boolean;
}

export async function* readLines(path: string, chunkBytes = 1 << 20): AsyncGenerator<Line> {
  let rest = '';
  let number = 0;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes }) as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { text: text.slice(start, end), number: ++number, terminated: true };
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') yield { text: rest, number: ++number, terminated: false };
}
