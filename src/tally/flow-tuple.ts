// A TCP connection's two endpoints as one direction-free key, whichever end a tool printed first.

export interface Endpoint {
  addr: string;
  port: number;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** The address as the flow view keys and shows it: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) as plain IPv4. */
export function plainAddress(addr: string): string {
  if (!addr.includes(':')) return addr; // IPv4, the common case: no regex on the hot path
  const mapped = MAPPED_V4.exec(addr);
  return mapped === null ? addr.toLowerCase() : mapped[1]!;
}

/** 4 or 6, from the plain address (an IPv4-mapped address is an IPv4 flow). */
export const familyOf = (addr: string): 4 | 6 => (addr.includes(':') ? 6 : 4);

export const endpoint = (addr: string, port: number): Endpoint => ({ addr: plainAddress(addr), port });

export const endpointId = (e: Endpoint): string => `${e.addr} ${e.port}`;

/** The same string for a→b and b→a: the family is carried by the addresses' own form. */
export function pairKey(a: Endpoint, b: Endpoint): string {
  const [x, y] = a.addr < b.addr || (a.addr === b.addr && a.port <= b.port) ? [a, b] : [b, a];
  return `${x.addr} ${x.port} ${y.addr} ${y.port}`;
}
