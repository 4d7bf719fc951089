// Where a request came from, for the audit trail. By default the socket's peer: an X-Forwarded-For
// header is whatever the caller wrote, so it is ignored. Behind proxies of our own (TRUSTED_PROXY_HOPS
// = how many), each proxy appends the address it saw; the entry the outermost trusted proxy wrote is
// the client, and anything to its left is the caller's own claim.
import ipaddr from 'ipaddr.js';
import { memoized } from '../memo.ts';

/** An IP address in its usual form (IPv4-mapped IPv6 as IPv4), or null when it is not one. */
export function normalizeAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  return normalizedAddress(value);
}

/**
 * Every request normalizes its socket's peer, and a server hears from few distinct ones (its proxies,
 * keep-alive clients), so each is parsed once rather than per request.
 */
const normalizedAddress = memoized(1_000, parseAddress);

function parseAddress(value: string): string | null {
  const text = value.trim();
  if (!ipaddr.isValid(text)) return null;
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  return parsed.toString();
}

/**
 * The client's address: the socket peer when no proxy is trusted; else the X-Forwarded-For entry
 * `trustedHops` from the right (the leftmost when there are fewer entries). An entry that is not an
 * address falls back to the socket peer.
 */
export function clientAddress(
  socketPeer: string | null | undefined,
  forwardedFor: string | readonly string[] | null | undefined,
  trustedHops: number,
): string | null {
  const peer = normalizeAddress(socketPeer);
  if (trustedHops <= 0 || forwardedFor == null) return peer;
  const entries = (typeof forwardedFor === 'string' ? [forwardedFor] : forwardedFor)
    .flatMap((header) => header.split(','))
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) return peer;
  const chosen = entries[Math.max(0, entries.length - trustedHops)];
  return normalizeAddress(chosen) ?? peer;
}
