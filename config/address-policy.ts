import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';
import { TargetAddressForbidden } from '../common/errors.js';

/**
 * Which addresses the collector may connect to (scrapes and HTTP discovery). Link-local and
 * cloud metadata addresses are refused by default; `allow` and `deny` CIDR lists change that.
 * The most specific rule matching an address decides; on a tie a deny of the user beats an
 * allow of the user, and a rule of the user beats a default one. Everything no rule matches
 * is allowed.
 */

/** The ranges refused unless an `allow` rule says otherwise, with why. */
export const DEFAULT_DENIED = Object.freeze([
  { cidr: '169.254.0.0/16', why: 'link-local and cloud metadata (169.254.169.254)' },
  { cidr: 'fe80::/10', why: 'IPv6 link-local' },
  { cidr: 'fd00:ec2::254/128', why: 'the EC2 IPv6 metadata address' },
  { cidr: '100.100.100.200/32', why: 'the Alibaba Cloud metadata address' },
] as const);

/** The allow and deny CIDR lists as a user writes them. */
export interface AddressPolicyInput {
  allow?: readonly string[];
  deny?: readonly string[];
}

interface Rule {
  cidr: string;
  range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  allow: boolean;
  byUser: boolean;
  why?: string;
}

/** The parsed rules, or the first malformed CIDR. */
function parseRule(cidr: string, allow: boolean, byUser: boolean, why?: string): Rule {
  let range: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    range = cidr.includes('/') ? ipaddr.parseCIDR(cidr) : (() => {
      const ip = ipaddr.parse(cidr);
      return [ip, ip.kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number];
    })();
  } catch {
    throw new Error(`"${cidr}" is not a CIDR range such as 10.0.0.0/8 or fd00::/8`);
  }
  return { cidr, range, allow, byUser, ...(why === undefined ? {} : { why }) };
}

/** An address as ipaddr.js reads it, IPv4-mapped IPv6 (::ffff:a.b.c.d) turned into IPv4. */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(bare)) return undefined;
  return ipaddr.process(bare);
}

/** The checked allow and deny lists; {@link AddressPolicy.check} is the one check. */
export class AddressPolicy {
  private readonly rules: Rule[];

  /** Throws an Error naming the malformed CIDR. */
  constructor(readonly input: AddressPolicyInput = {}) {
    this.rules = [
      ...(input.deny ?? []).map((c) => parseRule(c, false, true)),
      ...(input.allow ?? []).map((c) => parseRule(c, true, true)),
      ...DEFAULT_DENIED.map((d) => parseRule(d.cidr, false, false, d.why)),
    ];
  }

  /** Why `address` (an IP) may not be connected to, or undefined when it may. */
  problem(address: string): string | undefined {
    const ip = parseAddress(address);
    if (ip === undefined) return `"${address}" is not an IP address`;
    let best: Rule | undefined;
    for (const rule of this.rules) {
      const [net, bits] = rule.range;
      if (net.kind() !== ip.kind() || !ip.match(net, bits)) continue;
      if (best === undefined || bits > best.range[1]
        || (bits === best.range[1] && rank(rule) > rank(best))) best = rule;
    }
    if (best === undefined || best.allow) return undefined;
    if (best.byUser) return `it is in ${best.cidr}, refused by the deny list`;
    return `it is in ${best.cidr} (${best.why}), refused by default; allow it with --target-allow ${best.cidr}`;
  }

  /** Throws FW_TARGET_ADDRESS_FORBIDDEN, naming the rule, unless `address` may be connected to. */
  check(address: string): void {
    const why = this.problem(address);
    if (why !== undefined) throw new TargetAddressForbidden(address, why);
  }

  /**
   * Checks the host of a URL when it is an IP address (a name is checked once resolved, at
   * connect time). Throws FW_TARGET_ADDRESS_FORBIDDEN.
   */
  checkUrl(url: string): void {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      return;
    }
    if (isIP(host) !== 0) this.check(host);
  }
}

/** Tie-break between rules of the same prefix length: user deny, user allow, default deny. */
function rank(rule: Rule): number {
  if (!rule.byUser) return 0;
  return rule.allow ? 1 : 2;
}
