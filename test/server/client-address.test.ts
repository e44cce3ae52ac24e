import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrustedProxies } from '../../src/server/client-address.js';
import { parseValue } from '../../src/config/values.js';

test('X-Forwarded-For is believed only from trusted proxies, and only as far as their chain goes', () => {
  const proxies = new TrustedProxies(['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8']);
  assert.equal(proxies.clientOf('127.0.0.1', '198.51.100.7'), '198.51.100.7');
  assert.equal(proxies.clientOf('::ffff:127.0.0.1', '198.51.100.7'), '198.51.100.7', 'an IPv4 proxy on a dual-stack socket');
  assert.equal(proxies.clientOf('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3'), '198.51.100.7', 'what the client wrote itself is skipped');
  assert.equal(proxies.clientOf('fd00::1', '2001:db8::5'), '2001:db8::5');
  assert.equal(proxies.clientOf('203.0.113.9', '198.51.100.7'), '203.0.113.9', 'not a trusted proxy: the header is the client’s own');
  assert.equal(proxies.clientOf('127.0.0.1', undefined), '127.0.0.1');
  assert.equal(proxies.clientOf(undefined, '198.51.100.7'), null);
  assert.equal(proxies.clientOf('127.0.0.1', '[2001:db8::9]:443'), '2001:db8::9');
  assert.equal(proxies.clientOf('127.0.0.1', '198.51.100.7:5000'), '198.51.100.7');
  assert.equal(new TrustedProxies([]).clientOf('127.0.0.1', '198.51.100.7'), '127.0.0.1', 'no trusted proxies: never read');
});

test('a hostile X-Forwarded-For never crashes and never passes for a trusted address', () => {
  const proxies = new TrustedProxies(['127.0.0.1/32']);
  for (const header of ['', ',,,', 'unknown', '<script>', '127.0.0.1, garbage', 'x'.repeat(100_000), Array(100_000).fill('10.0.0.1').join(',')]) {
    const client = proxies.clientOf('127.0.0.1', header);
    assert.ok(client === '127.0.0.1' || client === '10.0.0.1', `${header.slice(0, 20)} → ${client}`);
  }
  // The chain is walked at most 64 hops deep: a header of trusted addresses cannot cost more.
  assert.equal(proxies.clientOf('127.0.0.1', [...Array(100).fill('127.0.0.1'), '198.51.100.7'].join(',')), '198.51.100.7');
});

test('trusted proxies are read as addresses or networks; anything else is refused with a clear message', () => {
  const read = (text: string) => parseValue('networks', { kind: 'text', text }, { baseDir: '/' });
  assert.deepEqual(read('127.0.0.1, 10.0.0.0/8 fd00::/8'), { ok: true, value: ['127.0.0.1/32', '10.0.0.0/8', 'fd00::/8'] });
  for (const bad of ['localhost', '10.0.0.0/33', '::/129', '10.0.0.0/8/8', '300.1.1.1', '10.0.0.0/-1', '10.0.0.0/']) {
    const parsed = read(bad);
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) assert.match(parsed.en, /IP addresses or networks/);
  }
});
