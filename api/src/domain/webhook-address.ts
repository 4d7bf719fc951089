// Which destinations a webhook may reach, and which endpoint URLs are acceptable. Without I/O: the
// dispatcher resolves names and asks here about every address it got, and the API asks here about the
// URL (webhookUrlProblem) when an endpoint is saved.
//
// Addresses are classified with ipaddr.js. An IPv6 address that carries an IPv4 address
// (IPv4-mapped ::ffff:a.b.c.d, IPv4-compatible ::a.b.c.d, IPv4-translated ::ffff:0:a.b.c.d,
// NAT64 64:ff9b::/96 and 64:ff9b:1::/48) is judged by the IPv4 address it carries; 6to4
// (2002::/16) and Teredo (2001::/32) tunnel to an address their relays choose, and are refused.
// Only global unicast addresses are reachable unless the operator allows private ones.
import ipaddr from 'ipaddr.js';

export interface AddressVerdict {
  /** The address as it will be connected to (IPv6 without brackets). */
  address: string;
  /** ipaddr.js's range name (`unicast`, `loopback`, `private`, `carrierGradeNat`, …), or `6to4` / `teredo`. */
  range: string;
  /** The IPv4 address an IPv6 form carries, when it carries one. */
  embedded: string | null;
  /** Global unicast: reachable whatever the policy. */
  public: boolean;
}

/** Words for the range names, for error messages. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private network address',
  reserved: 'a reserved or documentation address',
  uniqueLocal: 'a unique-local address',
  deprecatedSiteLocal: 'a site-local address',
  '6to4': 'a 6to4 tunnel address',
  teredo: 'a Teredo tunnel address',
};

const rangeWords = (range: string) => RANGE_WORDS[range] ?? `a special-purpose address (${range})`;

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function lastIPv4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

function isIPv4Compatible(address: ipaddr.IPv6): boolean {
  const parts = address.parts;
  return parts.slice(0, 6).every((part) => part === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1);
}

/** Which IPv4 address an IPv6 address carries for translation or mapping, or null. */
function carriedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = address.range();
  if (range === 'ipv4Mapped' || range === 'rfc6145' || range === 'rfc6052') return lastIPv4(address);
  if (isIPv4Compatible(address)) return lastIPv4(address);
  return null;
}

/** Where 6to4 and Teredo addresses lead, for the message only: they are refused either way. */
function tunnelIPv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | null {
  const bytes = address.toByteArray();
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  if (range === 'teredo') return new ipaddr.IPv4(bytes.slice(12, 16).map((byte) => byte ^ 0xff));
  return null;
}

/**
 * Classifies an IP address literal (dotted IPv4, or IPv6 with or without brackets); null when it
 * is not one. Only the four-part dotted IPv4 form is read: shorter, octal or hexadecimal forms
 * are what URL parsing turns into it, and names are resolved before they come here.
 */
export function classifyAddress(value: string): AddressVerdict | null {
  const literal = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (ipaddr.IPv4.isValidFourPartDecimal(literal)) {
    const address = ipaddr.IPv4.parse(literal);
    const range = address.range();
    return { address: address.toString(), range, embedded: null, public: range === 'unicast' };
  }
  if (!ipaddr.IPv6.isValid(literal) || literal.includes('%')) return null;
  const address = ipaddr.IPv6.parse(literal);
  const carried = carriedIPv4(address);
  if (carried) {
    const range = carried.range();
    return { address: address.toString(), range, embedded: carried.toString(), public: range === 'unicast' };
  }
  let range = address.range();
  // ipaddr.js names the first match; Teredo sits inside the reserved 2001::/23.
  if (address.match(ipaddr.IPv6.parse('2001::'), 32)) range = 'teredo';
  const tunnel = tunnelIPv4(address, range);
  return { address: address.toString(), range, embedded: tunnel?.toString() ?? null, public: range === 'unicast' };
}

/** A sentence saying why an address may not be reached, e.g. "::ffff:7f00:1 is a loopback address (127.0.0.1)". */
export function describeRefusal(verdict: AddressVerdict): string {
  const carried = verdict.embedded ? ` (${verdict.embedded})` : '';
  return `${verdict.address} is ${rangeWords(verdict.range)}${carried}`;
}

/**
 * Names that always mean this machine or a local network, whatever DNS says: `localhost` and its
 * subdomains (RFC 6761), mDNS `.local`, `.internal` (cloud metadata, e.g. metadata.google.internal),
 * `.home.arpa`, `.localdomain`, and single-label names (resolved through the search domains of
 * the network the API runs in).
 */
export function localNameProblem(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (name === '') return `${hostname} names no host`;
  const suffixes = ['localhost', 'local', 'internal', 'home.arpa', 'localdomain'];
  const suffix = suffixes.find((candidate) => name === candidate || name.endsWith(`.${candidate}`));
  if (suffix) return `${hostname} is a local name (${suffix})`;
  if (!name.includes('.')) return `${hostname} is a single-label name, resolved inside the local network`;
  return null;
}

/**
 * Why a URL's host may not receive webhooks under a policy that refuses private addresses, or null.
 * `hostname` is the host as the WHATWG URL parser gives it: decimal, octal, hexadecimal and short
 * IPv4 forms are already dotted quads, IPv6 is compressed hex in brackets. Names pass here and are
 * checked again, address by address, when a delivery resolves them.
 */
export function hostProblem(hostname: string): string | null {
  const verdict = classifyAddress(hostname);
  if (verdict) return verdict.public ? null : describeRefusal(verdict);
  // A host the URL parser would not turn into an address but a resolver might (e.g. 0x7f.1 after a
  // change of parser): anything whose last label is numeric is not a name.
  const lastLabel = hostname.replace(/\.+$/, '').split('.').pop() ?? '';
  if (/^(0x[0-9a-f]*|\d+)$/i.test(lastLabel)) return `${hostname} is not a usable address`;
  return localNameProblem(hostname);
}

export const MAX_URL_LENGTH = 2048;

/**
 * Checks an endpoint URL: http(s) only, a host, no credentials, no fragment; and, unless private
 * addresses are allowed, a host that is not a loopback, private, link-local or otherwise special
 * address (in any spelling) nor a local name. Returns the problem, or null.
 */
export function webhookUrlProblem(value: string, policy: { allowPrivateAddresses: boolean }): string | null {
  if (value.length > MAX_URL_LENGTH) return `Must be at most ${MAX_URL_LENGTH} characters.`;
  if (/[\s\p{Cc}]/u.test(value)) return 'Must not contain spaces or control characters.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an absolute URL such as https://hooks.example.com/threadwatch.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Must start with https:// or http://.';
  if (!url.hostname) return 'Must name a host.';
  if (url.username || url.password) return 'Must not contain a user name or password: use the signing secret.';
  if (url.hash) return 'Must not contain a fragment (#…).';
  if (!policy.allowPrivateAddresses) {
    const problem = hostProblem(url.hostname);
    if (problem) return `Must point at a public address: ${problem}.`;
  }
  return null;
}
