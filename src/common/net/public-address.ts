import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Addresses an outgoing request to a URL someone else typed must never reach: this host, the private
 * network around it, cloud metadata (169.254.169.254) and the special-purpose ranges of the IANA
 * registries (RFC 6890 and successors). Anything not listed is a public internet address.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments (Teredo, ORCHID, ...)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: embeds an IPv4 address of any kind
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
// IPv4-mapped addresses (::ffff:a.b.c.d) are matched against the IPv4 rules by BlockList itself.

/** The well-known NAT64 prefix: an IPv6-only network's way to reach IPv4, judged by the IPv4 inside. */
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');

/** `[::1]` (a URL's hostname) → `::1`. */
const unbracketed = (host: string) => (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

/** True for a literal IP address on the public internet; false for anything else, names included. */
export function isPublicAddress(address: string): boolean {
  const ip = unbracketed(address);
  const version = isIP(ip);
  if (version === 4) return !NOT_PUBLIC.check(ip, 'ipv4');
  if (version !== 6) return false;
  if (ip.includes('%')) return false; // a zone index only exists for link-local use
  if (NAT64.check(ip, 'ipv6')) return isPublicAddress(lastIpv4Of(ip));
  return !NOT_PUBLIC.check(ip, 'ipv6');
}

/** Decides which addresses outgoing connections may reach; `resolve` is DNS (replaceable in tests). */
export interface AddressGuard {
  allows(address: string): boolean;
  resolve?: typeof dnsLookup;
}

/** The production rule: public internet addresses only. */
export const PUBLIC_ADDRESSES_ONLY: AddressGuard = { allows: isPublicAddress };

export class BlockedAddressError extends Error {
  override name = 'BlockedAddressError';
  readonly code = 'ERR_ADDRESS_BLOCKED';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} ${host === address ? 'is' : 'resolves to'} a private or local network address`);
  }
}

/**
 * A `lookup` for `http.request` / `net.connect`: resolves the name and hands the socket only
 * addresses the guard allows, failing the connection when any answer is not allowed. The check is
 * on the very addresses the socket then connects to, so a DNS answer that changes between an
 * earlier check and the connection (DNS rebinding) cannot slip through. Node skips `lookup` for
 * IP literals: callers check those themselves (`assertAllowedHost`).
 */
export function guardedLookup(guard: AddressGuard): LookupFunction {
  const resolve = guard.resolve ?? dnsLookup;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const blocked = addresses.find((a) => !guard.allows(a.address));
      if (blocked) return callback(new BlockedAddressError(hostname, blocked.address), '', 0);
      if ((options as LookupOptions).all) return callback(null, addresses);
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`No address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Throws BlockedAddressError when the URL's host is an address the guard refuses, or a name that
 * resolves to one. A name that does not resolve passes (there is nothing to connect to, and the
 * connection's own lookup is checked again anyway).
 */
export async function assertAllowedHost(hostname: string, guard: AddressGuard): Promise<void> {
  const host = unbracketed(hostname);
  if (isIP(host)) return assertAllowedLiteral(host, guard);
  const resolve = guard.resolve ?? dnsLookup;
  const addresses = await new Promise<LookupAddress[]>((done) =>
    resolve(host, { all: true }, (error, found: LookupAddress[]) => done(error ? [] : found)),
  );
  const blocked = addresses.find((a) => !guard.allows(a.address));
  if (blocked) throw new BlockedAddressError(host, blocked.address);
}

/**
 * Throws BlockedAddressError when the host is an IP literal the guard refuses; names pass (their
 * check is `guardedLookup`, at connection time).
 */
export function assertAllowedLiteral(hostname: string, guard: AddressGuard): void {
  const host = unbracketed(hostname);
  if (isIP(host) && !guard.allows(host)) throw new BlockedAddressError(host, host);
}

/** The IPv4 address in the last 32 bits of an IPv6 address. */
function lastIpv4Of(ipv6: string): string {
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(ipv6);
  if (dotted) return dotted[1]!;
  const tail = ipv6.includes('::') ? ipv6.slice(ipv6.indexOf('::') + 2) : ipv6;
  const groups = tail ? tail.split(':') : [];
  const low = parseInt(groups.at(-1) ?? '0', 16);
  const high = groups.length > 1 ? parseInt(groups.at(-2)!, 16) : 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
