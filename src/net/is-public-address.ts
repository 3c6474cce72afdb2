import ipaddr from 'ipaddr.js';

/**
 * Whether an IP address (v4 or v6 text, as DNS returns it) is a public unicast address a
 * server may fetch from. Everything else is refused: loopback, RFC 1918 private, link-local
 * (169.254/16, where cloud metadata lives), carrier-grade NAT, multicast, unspecified,
 * reserved and documentation ranges, unique-local and site-local IPv6, and IPv6 forms that
 * embed an IPv4 address (mapped, IPv4-compatible, NAT64) unless the embedded one is public.
 * Unparseable text is not public.
 */
export function isPublicAddress(address: string): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return false;
  }
  if (parsed.kind() === 'ipv4') return (parsed as ipaddr.IPv4).range() === 'unicast';
  return isPublicIpv6(parsed as ipaddr.IPv6);
}

function isPublicIpv6(address: ipaddr.IPv6): boolean {
  if (address.isIPv4MappedAddress()) return isPublicAddress(address.toIPv4Address().toString());
  const parts = address.parts;
  // 64:ff9b::/96 (RFC 6052 well-known NAT64 prefix): DNS64 answers for IPv4-only hosts.
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0)) {
    return isPublicAddress(embeddedIpv4(parts));
  }
  // Only global unicast (2000::/3) may pass; ::/8 (incl. deprecated IPv4-compatible ::a.b.c.d),
  // fc00::/7, fe80::/10, fec0::/10 and ff00::/8 all lie outside it.
  if ((parts[0] ?? 0) >> 13 !== 0b001) return false;
  // 6to4 and Teredo embed IPv4 addresses of their own; refuse rather than decode them.
  return address.range() === 'unicast';
}

function embeddedIpv4(parts: readonly number[]): string {
  const high = parts[6] ?? 0;
  const low = parts[7] ?? 0;
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}
