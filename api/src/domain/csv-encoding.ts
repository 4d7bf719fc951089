// The character encoding of a CRM export. Spreadsheet programs and CRMs on Windows still write
// Windows-1252; others write UTF-8 (with or without a byte order mark) or UTF-16. The encoding is
// detected from the bytes (a byte order mark, else UTF-8 if every byte sequence is valid UTF-8,
// else Windows-1252) or named by the caller, and the text is decoded strictly: a byte the encoding
// cannot map is an error, never a replacement character (U+FFFD) stored as if it were data.
import iconv from 'iconv-lite';

/** What detection falls back to when the bytes are not valid UTF-8: the common Western Windows code page. */
export const FALLBACK_ENCODING = 'windows-1252';

export type EncodingResult = { ok: true; encoding: string } | { ok: false; message: string };

export class UndecodableError extends Error {
  override name = 'UndecodableError';
}

const aliases: Record<string, string> = {
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  utf16le: 'utf-16le',
  'utf-16le': 'utf-16le',
  utf16be: 'utf-16be',
  'utf-16be': 'utf-16be',
  cp1252: 'windows-1252',
  'windows-1252': 'windows-1252',
  win1252: 'windows-1252',
};

/** The canonical name of an encoding the caller gave (any iconv-lite encoding), or an error. */
export function normalizeEncoding(name: string): EncodingResult {
  const trimmed = name.trim().toLowerCase();
  const known = aliases[trimmed];
  if (known) return { ok: true, encoding: known };
  if (trimmed !== '' && trimmed.length <= 40 && iconv.encodingExists(trimmed)) return { ok: true, encoding: trimmed };
  return {
    ok: false,
    message: `Unknown encoding "${name.slice(0, 40)}": use utf-8, utf-16le, utf-16be, windows-1252, latin1 or another common name.`,
  };
}

/** The encoding a byte order mark at the start of the bytes names, and the mark's length. */
export function byteOrderMark(head: Uint8Array): { encoding: string; length: number } | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

export interface TextDecoding {
  /** Text of the next bytes (a character split across chunks is kept for the next call). */
  write(chunk: Uint8Array): string;
  /** The rest; throws when the bytes ended inside a character. */
  end(): string;
}

const unicode = new Set(['utf-8', 'utf-16le', 'utf-16be']);

/**
 * A strict streaming decoder: throws UndecodableError at the first byte sequence the encoding cannot
 * map. A byte order mark of the encoding at the very start is dropped.
 */
export function strictDecoder(encoding: string): TextDecoding {
  let started = false;
  const dropBom = (text: string) => {
    if (started || text === '') return text;
    started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  const fail = () =>
    new UndecodableError(
      `The file is not valid ${encoding.toUpperCase()}: some bytes do not stand for any character in it. Give the file's encoding (for example windows-1252 or utf-16le).`,
    );
  if (unicode.has(encoding)) {
    const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
    return {
      write(chunk) {
        try {
          return dropBom(decoder.decode(chunk, { stream: true }));
        } catch {
          throw fail();
        }
      },
      end() {
        try {
          return dropBom(decoder.decode());
        } catch {
          throw fail();
        }
      },
    };
  }
  // Single- and multi-byte code pages: iconv-lite maps a byte the code page leaves undefined to U+FFFD,
  // which no such code page can encode itself, so one in the output is a decoding failure.
  const decoder = iconv.getDecoder(encoding);
  const checked = (text: string) => {
    if (text.includes('\uFFFD')) throw fail();
    return dropBom(text);
  };
  return {
    write: (chunk) => checked(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))),
    end: () => checked(decoder.end() ?? ''),
  };
}

/**
 * Detects the encoding while bytes arrive: a byte order mark wins; otherwise UTF-8 as long as every
 * sequence is valid UTF-8, else Windows-1252. `result()` after the last chunk.
 */
export class EncodingSniffer {
  private head: Uint8Array | null = null;
  private bom: string | null = null;
  private utf8: InstanceType<typeof TextDecoder> | null = new TextDecoder('utf-8', { fatal: true });
  private sawNul = false;

  push(chunk: Uint8Array): void {
    if (this.head === null) {
      this.head = chunk.slice(0, 3);
      this.bom = byteOrderMark(this.head)?.encoding ?? null;
    }
    if (this.bom || !this.utf8) return;
    if (chunk.includes(0)) this.sawNul = true;
    try {
      this.utf8.decode(chunk, { stream: true });
    } catch {
      this.utf8 = null;
    }
  }

  result(): EncodingResult {
    if (this.bom) return { ok: true, encoding: this.bom };
    if (this.sawNul) {
      return {
        ok: false,
        message:
          'The file holds NUL bytes: it looks like UTF-16 without a byte order mark. Give its encoding (utf-16le or utf-16be).',
      };
    }
    if (this.utf8) {
      try {
        this.utf8.decode();
        return { ok: true, encoding: 'utf-8' };
      } catch {
        // Ended inside a UTF-8 sequence: not UTF-8.
      }
    }
    return { ok: true, encoding: FALLBACK_ENCODING };
  }
}

export type DecodeResult = { ok: true; encoding: string; text: string } | { ok: false; message: string };

/** Decodes a whole file: the named encoding, else the detected one; strictly (see strictDecoder). */
export function decodeCsvBytes(bytes: Uint8Array, declared?: string | null): DecodeResult {
  let encoding: string;
  if (declared) {
    const named = normalizeEncoding(declared);
    if (!named.ok) return named;
    encoding = named.encoding;
  } else {
    const sniffer = new EncodingSniffer();
    sniffer.push(bytes);
    const detected = sniffer.result();
    if (!detected.ok) return detected;
    encoding = detected.encoding;
  }
  try {
    const decoder = strictDecoder(encoding);
    const text = decoder.write(bytes) + decoder.end();
    return { ok: true, encoding, text };
  } catch (error) {
    if (error instanceof UndecodableError) return { ok: false, message: error.message };
    throw error;
  }
}
