import { isIPv4, isIPv6 } from 'node:net';
import { Bilingual } from './locale';
import { POOL_ENTRY_REASONS } from './messages';

/** An inclusive range of addresses of one family, as integers. */
export interface AddressRange {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

function ipv4ToBigInt(address: string): bigint {
  return address.split('.').reduce((acc, octet) => (acc << 8n) + BigInt(Number(octet)), 0n);
}

function ipv6ToBigInt(address: string): bigint {
  let text = address;
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two hextets.
  const v4Tail = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (v4Tail) {
    const v4 = ipv4ToBigInt(v4Tail[1]);
    text = text.slice(0, -v4Tail[1].length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = tail === undefined ? headParts : [...headParts, ...Array(missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) + BigInt(parseInt(part, 16)), 0n);
}

function parseAddress(address: string): { family: 4 | 6; value: bigint } | undefined {
  if (isIPv4(address)) return { family: 4, value: ipv4ToBigInt(address) };
  if (isIPv6(address) && !address.includes('%')) return { family: 6, value: ipv6ToBigInt(address) };
  return undefined;
}

/**
 * Parses a MetalLB pool entry: a CIDR (`192.0.2.0/28`, `2001:db8::/120`) or an inclusive range
 * (`192.0.2.10-192.0.2.20`). Returns the range, or the reason the entry is invalid.
 */
export function parsePoolEntry(entry: string): AddressRange | Bilingual {
  if (entry.includes('/')) {
    const [address, prefixText] = entry.split('/');
    const parsed = parseAddress(address);
    if (!parsed) return POOL_ENTRY_REASONS.notAddress(address);
    const bits = parsed.family === 4 ? 32 : 128;
    if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits) {
      return POOL_ENTRY_REASONS.badPrefix(prefixText, bits);
    }
    const hostBits = BigInt(bits - Number(prefixText));
    const first = (parsed.value >> hostBits) << hostBits;
    return { family: parsed.family, first, last: first + (1n << hostBits) - 1n };
  }

  const bounds = entry.split('-').map((part) => part.trim());
  if (bounds.length !== 2) return POOL_ENTRY_REASONS.notCidrOrRange();
  const [start, end] = bounds.map(parseAddress);
  if (!start) return POOL_ENTRY_REASONS.notAddress(bounds[0]);
  if (!end) return POOL_ENTRY_REASONS.notAddress(bounds[1]);
  if (start.family !== end.family) return POOL_ENTRY_REASONS.mixedFamilies();
  if (start.value > end.value) return POOL_ENTRY_REASONS.reversed(bounds[0], bounds[1]);
  return { family: start.family, first: start.value, last: end.value };
}

export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}
