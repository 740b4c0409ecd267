/**
 * Which network addresses the bot may connect to when it fetches a URL someone typed. Only
 * public unicast addresses: never private networks, loopback, link-local (which includes the
 * cloud metadata address 169.254.169.254), carrier-grade NAT, multicast or reserved ranges.
 * The ranges come from ipaddr.js; IPv4 addresses written as IPv6 are judged as IPv4.
 */
import ipaddr from "ipaddr.js";

export interface AddressPolicy {
  /** Allows 127.0.0.0/8 and ::1 too. For tests against a local server only. */
  allowLoopback: boolean;
}

/** The one range a public fetch may reach. */
const PUBLIC_RANGE = "unicast";

/** Why an address is refused, or null when it may be reached. */
export function refusedAddressReason(address: string, policy: AddressPolicy): string | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return `"${address}" is not an IP address`;
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === PUBLIC_RANGE) return null;
  if (range === "loopback" && policy.allowLoopback) return null;
  return `${bare} is a ${range} address`;
}

/** Whether `hostname` (as in a URL, IPv6 in brackets) is an IP address rather than a name. */
export function isIpLiteral(hostname: string): boolean {
  const bare =
    hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare);
}
