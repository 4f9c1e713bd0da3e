import { lookup as dnsLookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";

// Link-local space holds the cloud's metadata and task-credential endpoints; a health
// probe has no business there, whoever asks and whatever a stack output says. Private
// and loopback ranges stay allowed: checking internal services is the point.
const forbidden = new BlockList();
forbidden.addSubnet("169.254.0.0", 16, "ipv4");
forbidden.addSubnet("0.0.0.0", 8, "ipv4");
forbidden.addSubnet("fe80::", 10, "ipv6");
// The same IPv4 space written as IPv6: mapped, and NAT64's well-known prefix.
forbidden.addSubnet("::ffff:169.254.0.0", 112, "ipv6");
forbidden.addSubnet("64:ff9b::a9fe:0", 112, "ipv6");
forbidden.addAddress("fd00:ec2::254", "ipv6");
forbidden.addAddress("::", "ipv6");

/** Whether an IP address (not a name) lies where no probe may go. */
export function forbiddenAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && forbidden.check(address, family === 6 ? "ipv6" : "ipv4");
}

/** Refuses a URL whose host is a forbidden address as written, before anything connects. */
export function assertAllowedHost(url: URL): void {
  const literal = url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (forbiddenAddress(literal)) throw new Error(`${url.hostname} is off limits`);
}

/**
 * A `lookup` for http(s).get that resolves as usual, then refuses a name with any
 * address in forbidden space: what is checked is what the socket connects to.
 * `resolve` is dns.lookup; tests give another to play a hostile DNS answer.
 */
export function guardedLookup(resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "");
      const blocked = addresses.find((entry) => forbiddenAddress(entry.address));
      if (blocked) {
        return callback(
          new Error(`${hostname} resolves to ${blocked.address}, which is off limits`),
          "",
        );
      }
      const [first] = addresses;
      if (!first) return callback(new Error(`${hostname} has no address`), "");
      if (options.all) return callback(null, addresses);
      return callback(null, first.address, first.family);
    });
  };
}
