import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What an address is, as far as reaching it from our network is concerned. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

function blockList(v4: string[], v6: string[]): BlockList {
  const list = new BlockList();
  for (const cidr of v4) {
    const [net, prefix] = cidr.split('/');
    list.addSubnet(net, Number(prefix), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, prefix] = cidr.split('/');
    list.addSubnet(net, Number(prefix), 'ipv6');
  }
  return list;
}

/** Cloud instance-metadata services (AWS, GCP, Azure, ECS, Alibaba): refused whatever the configuration. */
const METADATA = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

const KINDS: Array<[Exclude<AddressKind, 'public' | 'metadata'>, BlockList]> = [
  ['loopback', blockList(['127.0.0.0/8'], ['::1/128'])],
  ['link-local', blockList(['169.254.0.0/16'], ['fe80::/10'])],
  ['private', blockList(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'], ['fc00::/7'])],
  [
    'reserved',
    blockList(
      [
        '0.0.0.0/8',
        '192.0.0.0/24',
        '192.0.2.0/24',
        '198.18.0.0/15',
        '198.51.100.0/24',
        '203.0.113.0/24',
        '224.0.0.0/4',
        '240.0.0.0/4',
      ],
      ['::/128', '100::/64', '2001::/32', '2001:db8::/32', 'ff00::/8'],
    ),
  ],
];

/** The IPv4 address an IPv6 one carries (IPv4-mapped, NAT64 or 6to4), if any. */
function embeddedIpv4(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  const words = expandIpv6(ip);
  if (!words) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) return v4(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && words.slice(2, 6).every((w) => w === 0))
    return v4(words[6], words[7]);
  if (words[0] === 0x2002) return v4(words[1], words[2]);
  return null;
}

/** The eight 16-bit words of an IPv6 address (dotted IPv4 tails included), or null when it is not one. */
function expandIpv6(ip: string): number[] | null {
  if (isIP(ip) !== 6) return null;
  let text = ip.split('%')[0];
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    text = text.slice(0, tail.index) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(rest);
  const missing = 8 - left.length - right.length;
  return rest === undefined ? left : [...left, ...Array<number>(missing).fill(0), ...right];
}

/** Classifies one IP address (v4 or v6). */
export function classifyAddress(ip: string): AddressKind {
  const address = ip.toLowerCase().split('%')[0];
  const family = isIP(address);
  if (family === 0) return 'reserved';
  if (METADATA.has(address)) return 'metadata';
  if (family === 6) {
    const v4 = embeddedIpv4(address);
    if (v4) return classifyAddress(v4);
  }
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [kind, list] of KINDS) if (list.check(address, type)) return kind;
  return 'public';
}

/** The host resolves (or is) an address webhooks may not reach. */
export class ForbiddenAddressError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: AddressKind,
  ) {
    super(`${host} resolves to ${address}, a ${kind} address webhooks may not reach`);
    this.name = 'ForbiddenAddressError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Keeps webhooks off our own network (server-side request forgery). A host is resolved once, every address it
 * has is checked, and the request then connects to the checked address (no second lookup that DNS rebinding
 * could answer differently). `allowPrivate` (WEBHOOK_ALLOW_PRIVATE_NETWORKS, for tests and on-premises
 * receivers) admits loopback and private ranges; link-local, metadata and reserved addresses stay refused.
 */
export class SsrfGuard {
  constructor(private readonly allowPrivate: boolean) {}

  allows(kind: AddressKind): boolean {
    return kind === 'public' || (this.allowPrivate && (kind === 'loopback' || kind === 'private'));
  }

  /** Resolves `hostname` (a name or an IP literal) and returns an address to connect to, or throws. */
  async resolve(hostname: string): Promise<ResolvedAddress> {
    const host = hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookup(host, { all: true, verbatim: true });
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    for (const { address } of addresses) {
      const kind = classifyAddress(address);
      if (!this.allows(kind)) throw new ForbiddenAddressError(host, address, kind);
    }
    const first = addresses[0];
    return { address: first.address, family: first.family === 6 ? 6 : 4 };
  }
}
