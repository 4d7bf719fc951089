import { describe, expect, it } from 'vitest';
import {
  decodeCsvBytes,
  EncodingSniffer,
  normalizeEncoding,
  strictDecoder,
  UndecodableError,
} from '../../src/domain/csv-encoding.ts';

const text = 'Name,Email\nJosé Doñé,“jose”@example.com\nPrice €5,ok\n';
const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...Buffer.from(part, 'latin1')] : part)));

// Windows-1252 bytes written by hand (not by the library under test): é E9, ñ F1, € 80, “ 93, ” 94.
const cp1252 = bytes(
  'Name,Email\nJos',
  [0xe9],
  ' Do',
  [0xf1, 0xe9],
  ',',
  [0x93],
  'jose',
  [0x94],
  '@example.com\nPrice ',
  [0x80],
  '5,ok\n',
);
const utf8 = new Uint8Array(Buffer.from(text, 'utf8'));
const utf16le = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
const utf16be = new Uint8Array(Buffer.from(Buffer.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')])).swap16());

describe('encoding detection and decoding', () => {
  it.each([
    ['UTF-8 without a byte order mark', utf8, undefined, 'utf-8'],
    ['UTF-8 with a byte order mark', Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]), undefined, 'utf-8'],
    ['UTF-16LE with a byte order mark', utf16le, undefined, 'utf-16le'],
    ['UTF-16BE with a byte order mark', utf16be, undefined, 'utf-16be'],
    ['Windows-1252 (é, ñ, €, smart quotes)', cp1252, undefined, 'windows-1252'],
    ['Windows-1252 named by the caller', cp1252, 'cp1252', 'windows-1252'],
    [
      'UTF-8 named by the caller, with a byte order mark',
      Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]),
      'UTF8',
      'utf-8',
    ],
  ])('%s', (_name, input, declared, encoding) => {
    const result = decodeCsvBytes(input, declared);
    expect(result).toEqual({ ok: true, encoding, text });
  });

  it.each([
    ['invalid bytes under an explicit utf-8', cp1252, 'utf-8', /not valid UTF-8/],
    ['a truncated UTF-8 sequence under an explicit utf-8', bytes('ab', [0xe2, 0x82]), 'utf-8', /not valid UTF-8/],
    [
      'a byte Windows-1252 leaves undefined (0x81)',
      bytes('Name\nA', [0x81], 'B\n'),
      undefined,
      /not valid WINDOWS-1252/,
    ],
    ['a lone surrogate in UTF-16LE', bytes([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x41, 0x00]), undefined, /UTF-16LE/],
    ['UTF-16 without a byte order mark', new Uint8Array(Buffer.from('Name\nA\n', 'utf16le')), undefined, /NUL bytes/],
    ['an unknown encoding name', utf8, 'klingon-8', /Unknown encoding/],
  ])('%s is an error', (_name, input, declared, message) => {
    const result = decodeCsvBytes(input, declared);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('never answers a replacement character for bytes it could not map', () => {
    for (let byte = 0x80; byte <= 0xff; byte++) {
      const result = decodeCsvBytes(bytes('a,b\n', [byte], '\n'));
      if (result.ok) expect(result.text).not.toContain('\uFFFD');
    }
  });

  it('keeps a genuine U+FFFD written in UTF-8', () => {
    expect(decodeCsvBytes(new Uint8Array(Buffer.from('a\n\uFFFD\n', 'utf8')))).toEqual({
      ok: true,
      encoding: 'utf-8',
      text: 'a\n\uFFFD\n',
    });
  });

  it('decodes a stream split inside characters the same as the whole', () => {
    for (const [input, encoding] of [
      [utf8, 'utf-8'],
      [utf16le, 'utf-16le'],
      [cp1252, 'windows-1252'],
    ] as const) {
      const sniffer = new EncodingSniffer();
      const decoder = strictDecoder(encoding);
      let out = '';
      for (let at = 0; at < input.length; at += 3) {
        sniffer.push(input.subarray(at, at + 3));
        out += decoder.write(input.subarray(at, at + 3));
      }
      out += decoder.end();
      expect(sniffer.result()).toEqual({ ok: true, encoding });
      expect(out).toBe(text);
    }
  });

  it('a streamed decoder throws a typed error at the first bad byte', () => {
    const decoder = strictDecoder('utf-8');
    expect(() => decoder.write(bytes('ok', [0xff]))).toThrow(UndecodableError);
  });

  it.each([
    ['latin1', 'latin1'],
    [' Windows-1252 ', 'windows-1252'],
    ['utf-16le', 'utf-16le'],
  ])('normalizes %j', (name, encoding) => {
    expect(normalizeEncoding(name)).toEqual({ ok: true, encoding });
  });
});
