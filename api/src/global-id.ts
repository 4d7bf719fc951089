// Global object ids: base64url of "<Type>:<uuid>". Opaque to clients, checked strictly on the way in.
import { publicId } from './domain/public-ids.ts';
import { ValidationError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPENAME = /^[A-Z][A-Za-z]{0,40}$/;
const MAX_ID_LENGTH = 128;

/** The global id of a raw id: the same opaque id webhook payloads carry (domain/public-ids.ts). */
export const encodeId: (typename: string, id: string | number | bigint) => string = publicId;

export function decodeId(globalId: string): { typename: string; id: string } {
  if (globalId.length === 0 || globalId.length > MAX_ID_LENGTH || !/^[A-Za-z0-9_-]+=*$/.test(globalId)) {
    throw ValidationError.at(['id'], 'Not a valid Threadwatch ID.');
  }
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  const typename = decoded.slice(0, separator);
  const id = decoded.slice(separator + 1);
  if (separator < 1 || !TYPENAME.test(typename) || !UUID.test(id)) {
    throw ValidationError.at(['id'], 'Not a valid Threadwatch ID.');
  }
  return { typename, id };
}
