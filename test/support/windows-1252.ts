// A CRM export as Excel on Windows writes it: Windows-1252 bytes, no byte order mark. Written by
// hand (not through the decoder under test): ASCII as is, and the few letters the tests use.
const bytesOf: Record<string, number> = { é: 0xe9, ü: 0xfc, '€': 0x80, '“': 0x93, '”': 0x94 };

export function windows1252(text: string): Buffer {
  return Buffer.from(
    [...text].map((char) => {
      const code = char.charCodeAt(0);
      if (code < 0x80) return code;
      const byte = bytesOf[char];
      if (byte === undefined) throw new Error(`No Windows-1252 byte listed for ${JSON.stringify(char)}.`);
      return byte;
    }),
  );
}
