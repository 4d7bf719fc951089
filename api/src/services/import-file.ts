// A CRM export on disk, for the command line: its encoding found (or the one named checked) by reading
// it once, strictly, before anything is imported, then the file streamed as text in that encoding.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import { EncodingSniffer, normalizeEncoding, strictDecoder, UndecodableError } from '../domain/csv-encoding.ts';
import { ValidationError } from '../errors.ts';

export interface ScannedFile {
  encoding: string;
  /** SHA-256 of the bytes: what identifies the file for an import's idempotency key. */
  sha256: string;
}

/** Reads the file once: detects or checks its encoding, decodes every byte strictly, hashes it. */
export async function scanImportFile(path: string, declared: string | null): Promise<ScannedFile> {
  let encoding: string | null = null;
  if (declared) {
    const named = normalizeEncoding(declared);
    if (!named.ok) throw ValidationError.at(['encoding'], named.message);
    encoding = named.encoding;
  }
  const hash = createHash('sha256');
  const sniffer = new EncodingSniffer();
  const decoder = encoding ? strictDecoder(encoding) : null;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (decoder) decoder.write(chunk);
      else sniffer.push(chunk);
    }
    decoder?.end();
  } catch (error) {
    if (error instanceof UndecodableError) throw ValidationError.at(['encoding'], error.message);
    throw error;
  }
  if (!encoding) {
    const detected = sniffer.result();
    if (!detected.ok) throw ValidationError.at(['encoding'], detected.message);
    encoding = detected.encoding;
    // Detection read the bytes as UTF-8 or chose a code page; check the code page maps every byte.
    const check = strictDecoder(encoding);
    try {
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) check.write(chunk);
      check.end();
    } catch (error) {
      if (error instanceof UndecodableError) throw ValidationError.at(['encoding'], error.message);
      throw error;
    }
  }
  return { encoding, sha256: hash.digest('hex') };
}

/** The file's text in the given encoding, as a stream (`onBytes` counts the bytes read). */
export function decodedFileStream(path: string, encoding: string, onBytes?: (bytes: number) => void) {
  const decoder = strictDecoder(encoding);
  const source = createReadStream(path);
  const text = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes?.(chunk.length);
      try {
        done(null, decoder.write(chunk));
      } catch (error) {
        done(error as Error);
      }
    },
    flush(done) {
      try {
        done(null, decoder.end());
      } catch (error) {
        done(error as Error);
      }
    },
  });
  source.once('error', (error) => text.destroy(error));
  return source.pipe(text);
}

/** The header row of the file, decoded. */
export async function readHeaderRow(path: string, encoding: string): Promise<string[] | null> {
  const parser = decodedFileStream(path, encoding).pipe(
    parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, to: 1 }),
  );
  for await (const record of parser as AsyncIterable<string[]>) return record;
  return null;
}
