/**
 * The client's network address behind reverse proxies. `X-Forwarded-For` is believed only when the
 * connection comes from a proxy the deployment names (`server.trusted_proxies`), and only as far as
 * the chain of trusted proxies goes: each proxy appends the address it was reached from, so reading
 * from the right, the first address that is not a trusted proxy is the client. Anything before it
 * was written by the client and proves nothing.
 */
import { BlockList, isIP } from 'node:net';

export class TrustedProxies {
  readonly #list = new BlockList();
  readonly #any: boolean;

  /** `networks` as the configuration gives them: `address/prefix`. */
  constructor(networks: readonly string[]) {
    for (const entry of networks) {
      const [address = '', prefix = ''] = entry.split('/');
      const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
      this.#list.addSubnet(address, Number(prefix), family);
      // An IPv4 proxy may reach a dual-stack listener as ::ffff:a.b.c.d.
      if (family === 'ipv4') this.#list.addSubnet(`::ffff:${address}`, 96 + Number(prefix), 'ipv6');
    }
    this.#any = networks.length > 0;
  }

  #trusted(address: string): boolean {
    const family = isIP(address);
    return family !== 0 && this.#list.check(address, family === 6 ? 'ipv6' : 'ipv4');
  }

  /** Whether a connection comes from a trusted proxy, whose headers about the client may be believed. */
  trusts(connection: string | undefined): boolean {
    return this.#any && connection !== undefined && this.#trusted(connection);
  }

  /** The client's address, given the connection's and the `X-Forwarded-For` header(s) received. */
  clientOf(connection: string | undefined, forwardedFor: string | undefined): string | null {
    if (connection === undefined) return null;
    if (forwardedFor === undefined || !this.trusts(connection)) return connection;
    let client = connection;
    // At most 64 hops are looked at: the header is the client's to make as long as it likes.
    const hops = forwardedFor.split(',').slice(-64);
    for (let i = hops.length - 1; i >= 0; i--) {
      const hop = unbracketed(hops[i]!.trim());
      if (isIP(hop) === 0) break; // garbage (or an obfuscated name): the last proxy's peer is the client
      client = hop;
      if (!this.#trusted(hop)) break;
    }
    return client;
  }
}

/** `[2001:db8::1]` and `[2001:db8::1]:443`, `192.0.2.1:443` as some proxies write them, to the address. */
function unbracketed(hop: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(hop);
  if (bracketed) return bracketed[1]!;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(hop);
  return withPort ? withPort[1]! : hop;
}
