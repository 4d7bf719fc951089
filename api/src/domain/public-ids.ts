// The opaque id an object has outside Threadwatch: base64url of "<Type>:<uuid>". GraphQL's global ids
// (api/src/global-id.ts, which also decodes and checks them) and webhook payloads use the same id, so a
// webhook consumer can look the object up through the API.

export function publicId(typename: string, id: string | number | bigint): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}
