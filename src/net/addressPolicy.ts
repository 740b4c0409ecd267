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

/** How a refusal names each range ipaddr.js knows; others are named by their range. */
const RANGE_NAMES: Readonly<Record<string, string>> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT address",
  private: "a private address",
  uniqueLocal: "a private (unique local) address",
  reserved: "a reserved address",
  deprecatedSiteLocal: "a private (site-local) address",
  discard: "a discard-only address",
  benchmarking: "a benchmarking address",
  ipv4Mapped: "an IPv4-mapped address",
  rfc6145: "an IPv4-translated address",
  rfc6052: "an IPv4-translated address",
  "6to4": "a 6to4 tunnel address",
  teredo: "a Teredo tunnel address",
};

/** What kind of address may not be reached ("a loopback address"), or null when it may. */
export function refusedAddressKind(address: string, policy: AddressPolicy): string | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return "not an IP address";
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  const range = parsed.range();
  if (range === PUBLIC_RANGE) return null;
  if (range === "loopback" && policy.allowLoopback) return null;
  return RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
}

/** Why an address is refused ("10.0.0.1 is a private address"), or null when it may be reached. */
export function refusedAddressReason(address: string, policy: AddressPolicy): string | null {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return `"${address}" is not an IP address`;
  const kind = refusedAddressKind(bare, policy);
  return kind === null ? null : `${bare} is ${kind}`;
}

/** Whether `hostname` (as in a URL, IPv6 in brackets) is an IP address rather than a name. */
export function isIpLiteral(hostname: string): boolean {
  const bare =
    hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare);
}
