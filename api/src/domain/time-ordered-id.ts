// Time-ordered row ids (UUID version 7, RFC 9562): 48 bits of Unix milliseconds, then a 12-bit
// counter, then 62 random bits. Rows written later get larger ids, so an append-only table's id
// indexes grow at their right edge instead of touching a random page per insert.
import { randomFillSync } from 'node:crypto';

/** Fills the array with random bytes (injectable for tests). */
export type RandomBytes = (bytes: Uint8Array) => void;

const MAX_COUNTER = 0xfff;

/**
 * A generator of UUIDv7 strings. Within one millisecond the 12-bit counter (started at a random
 * value below half its range) goes up by one per id, so the ids of one process are strictly
 * increasing; when it runs out, the millisecond is borrowed from the next one. A clock that goes
 * back keeps the last millisecond used.
 */
export function timeOrderedIds(
  clock: () => number = Date.now,
  random: RandomBytes = (bytes) => randomFillSync(bytes),
): () => string {
  let lastMs = -1;
  let counter = 0;
  const bytes = new Uint8Array(16);
  return () => {
    random(bytes);
    const now = Math.floor(clock());
    if (now > lastMs) {
      lastMs = now;
      counter = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
    } else if (counter < MAX_COUNTER) {
      counter += 1;
    } else {
      lastMs += 1;
      counter = ((bytes[6]! << 8) | bytes[7]!) & 0x7ff;
    }
    // 48-bit milliseconds, big-endian (beyond 32 bits, so no bitwise operators on the whole).
    const high = Math.floor(lastMs / 0x1_0000_0000);
    const low = lastMs % 0x1_0000_0000;
    bytes[0] = (high >>> 8) & 0xff;
    bytes[1] = high & 0xff;
    bytes[2] = (low >>> 24) & 0xff;
    bytes[3] = (low >>> 16) & 0xff;
    bytes[4] = (low >>> 8) & 0xff;
    bytes[5] = low & 0xff;
    bytes[6] = 0x70 | (counter >>> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = 0x80 | (bytes[8]! & 0x3f);
    const hex = Buffer.from(bytes).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The milliseconds since the Unix epoch a UUIDv7 was made at. */
export function timeOfId(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

/** This process's generator. */
export const timeOrderedId = timeOrderedIds();
