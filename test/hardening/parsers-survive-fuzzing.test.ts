// Reliability suite, hostile input fuzzed: every parser of what strangers send (a page, its front
// matter, a mail, a patch, a subject, settings, an address, a header) is fed inputs made of the pieces
// that break parsers — nesting, brackets, fences, line ends, NUL, bidirectional controls, markup — in
// random order and length (fast-check). Each must answer (a value, a typed rejection), never throw, and
// rendered HTML must never carry a script or an event handler. Runs and sizes are bounded to stay quick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TrustedProxies } from '../../src/server/client-address.js';
import { addressSubject } from '../../src/auth/rate-limit.js';
import { parseValue } from '../../src/config/values.js';
import { parseWikiSettings } from '../../src/config/wiki-settings.js';
import { peekHeader } from '../../src/mail/header-peek.js';
import { parseMessage } from '../../src/mail/message.js';
import { splitMbox } from '../../src/mail/mbox.js';
import { senderOf } from '../../src/mail/outbox.js';
import { parsePatch } from '../../src/mail/patch.js';
import { unsafePaths } from '../../src/review/patch-safety.js';
import { parseSubject } from '../../src/mail/subject.js';
import { trailersFromReply } from '../../src/mail/trailers.js';
import { parsePage, renderPage } from '../../src/render/markdown.js';
import { parseWikiPath } from '../../src/wiki/path.js';
import { parseUrlPath } from '../../src/wiki/urls.js';

/** More with FEUILLET_FUZZ_RUNS=2000 when hunting; the default keeps the suite quick. */
const RUNS = Number(process.env.FEUILLET_FUZZ_RUNS ?? 150);

/** Text assembled from pieces that parsers of each kind stumble on. */
function hostile(pieces: readonly string[], maxLength = 200): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 3 })), { maxLength }).map((parts) => parts.join(''));
}

const MARKDOWN = ['\n', '\r\n', '>', '> ', '[', ']', '](', '![', '`', '```', '~~~', '---\n', '***', '#', '# ', '|', '| --- |', '*', '_', '<', '>', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<a href="javascript:alert(1)">', '<svg onload=alert(1)>', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>', 'javascript:', 'data:text/html,', '&', '&#x3C;', '\u0000', '\u202e', '[[', ']]', '::: ', '{', '}', ':', ' ', '    ', '\t', '1. ', '- ', '[^1]', '$$', '\\'];
const FRONT_MATTER = ['---\n', 'title: ', 'toc: ', '&a ', '*a', '[', ']', '{', '}', '!!python/object', '!!binary', ': ', '- ', '\n', '"', "'", '|', '>', '? ', '%YAML 1.2\n', '<<: *a', '\u0000', '\t'];
const MAIL = ['\r\n', '\n', ': ', 'From: ', 'Subject: ', 'Message-ID: <', '>', 'References: ', 'In-Reply-To: ', 'Content-Type: multipart/mixed; boundary=b', '--b', '--b--', 'Content-Transfer-Encoding: base64', 'quoted-printable', '=?utf-8?B?', '=?utf-8?Q?', '?=', '=\r\n', 'charset=klingon', '\u0000', '\xff', ' ', '\t', 'diff --git a/x b/x\n', '@@ -1 +1 @@\n'];
const PATCH = ['diff --git ', 'a/', 'b/', '../', '.git/', '/etc/passwd', '"a/\\342\\200\\256x"', '\n', '--- ', '+++ ', '/dev/null', '@@ -0,0 +1,3 @@', '@@ -1 +1 @@', '+', '-', ' ', 'new file mode 120000', 'new file mode 160000', 'rename from ', 'rename to ', 'GIT binary patch\n', 'literal 12\n', 'Binary files a/x and b/x differ\n', '\\ No newline at end of file\n', '\r', '\u0000', 'Signed-off-by: A <a@example.org>\n', '---\n'];
const SUBJECT = ['[', ']', 'PATCH', 'RFC', 'v2', 'v99999999999999999999', '1/3', '0/0', '6/5', 'Re: ', 'Fwd: ', 'AW: ', 'wiki', ' ', '\t', '\u202e', '[PATCH wiki 1/2]'];
const ADDRESS = ['.', ':', '::', '/', '%', '[', ']', 'ffff', '127', '0', '1', '255', '256', '10.0.0.0', '::ffff:', 'fe80::1%eth0', ',', ' ', '\u0000'];
const PATHS = ['/', '//', '.', '..', '.git', '.GIT', '%2e%2e', '%2F', '%00', '\\', 'é', 'e\u0301', '\u202e', '-', '-/', 'a', '.md', '?', '#', ' '];

test('Markdown pages with front matter: parsed and rendered, never a script or a handler in the HTML', () => {
  fc.assert(
    fc.property(hostile(FRONT_MATTER, 40), hostile(MARKDOWN), fc.boolean(), (frontMatter, body, wikiLinks) => {
      const parsed = parsePage(`---\n${frontMatter}\n---\n${body}`, { wikiLinks });
      const html = renderPage(parsed, { headingShift: 1 });
      assert.equal(typeof html, 'string');
      // Text that merely mentions these words is escaped; what must not exist is live markup.
      assert.doesNotMatch(html.replace(/&lt;|&gt;|&quot;|&#\d+;/g, ' '), /<script|<[^>]+\son[a-z]+\s*=|<[^>]+(?:href|src)\s*=\s*["']?\s*javascript:/i);
    }),
    { numRuns: RUNS },
  );
});

test('mail: parsed into a message or a typed rejection, never a throw', async () => {
  await fc.assert(
    fc.asyncProperty(hostile(MAIL, 120), fc.uint8Array({ maxLength: 200 }), async (text, bytes) => {
      for (const raw of [Buffer.from(text, 'latin1'), Buffer.from(bytes), Buffer.concat([Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\n'), Buffer.from(bytes)])]) {
        const parsed = await parseMessage(raw);
        assert.ok(parsed.kind === 'message' || parsed.kind === 'rejected');
        if (parsed.kind === 'rejected') assert.ok(parsed.fr.length > 0 && parsed.en.length > 0);
        peekHeader(raw, 'message-id');
      }
    }),
    { numRuns: RUNS },
  );
});

test('an mbox of anything splits into entries, never a throw', async () => {
  await fc.assert(
    fc.asyncProperty(hostile(['From ', 'From a@b Thu Jan  1 00:00:00 1970\n', '>From ', '\n', '\r\n', 'Subject: x\n'], 60), async (text) => {
      async function* chunks() {
        yield Buffer.from(text);
      }
      for await (const entry of splitMbox(chunks())) assert.ok(entry.kind === 'message' || typeof entry.kind === 'string');
    }),
    { numRuns: RUNS },
  );
});

test('patches: parsed, and every path that climbs, names .git or reorders its display is called unsafe', () => {
  fc.assert(
    fc.property(hostile(PATCH, 80), (text) => {
      const patch = parsePatch(text);
      const unsafe = unsafePaths(patch);
      for (const file of patch.files) {
        for (const name of file.headerNames) {
          if (/(^|\/)\.\.(\/|$)|(^|\/)\.git(\/|$)|\u202e/i.test(name)) assert.ok(unsafe.some((u) => u.path === name || name.includes(u.path) || u.path.includes(name)), name);
        }
      }
    }),
    { numRuns: RUNS },
  );
});

test('subjects, reply trailers and senders: read, never a throw', () => {
  fc.assert(
    fc.property(hostile(SUBJECT, 30), hostile(['Reviewed-by: ', 'Acked-by: ', '<', '>', '@', '\n', 'x', ' '], 30), (subject, reply) => {
      const parsed = parseSubject(subject);
      assert.equal(typeof parsed.kind, 'string');
      trailersFromReply(reply, 'a@example.org');
      const sender = senderOf(reply, 'Titre');
      assert.equal(typeof sender.address, 'string');
    }),
    { numRuns: RUNS },
  );
});

test('wiki settings files: read with problems, defaults for what is wrong, never a throw', () => {
  fc.assert(
    fc.property(hostile([...FRONT_MATTER, 'title', 'language', 'format', 'accessibility_page', 'old_urls', 'licence', 'en', 'gollum', 'a/../b.md'], 60), (text) => {
      const { settings, problems } = parseWikiSettings(text, '.feuillet.yml', { name: 'wiki' });
      assert.ok(settings.title.length > 0);
      assert.ok(Array.isArray(problems));
    }),
    { numRuns: RUNS },
  );
});

test('addresses, proxies and networks: read or refused, never a throw', () => {
  const proxies = new TrustedProxies(['127.0.0.1/32', 'fd00::/8']);
  fc.assert(
    fc.property(hostile(ADDRESS, 30), (text) => {
      assert.equal(typeof addressSubject(text), 'string');
      const client = proxies.clientOf('127.0.0.1', text);
      assert.equal(typeof client, 'string');
      const parsed = parseValue('networks', { kind: 'text', text }, { baseDir: '/' });
      assert.ok(parsed.ok || (parsed.fr.length > 0 && parsed.en.length > 0));
    }),
    { numRuns: RUNS },
  );
});

test('paths and addresses of pages: never a path that climbs out or into .git', () => {
  fc.assert(
    fc.property(hostile(PATHS, 30), (text) => {
      const path = parseWikiPath(text);
      if (path !== undefined) assert.doesNotMatch(path, /(^|\/)\.\.(\/|$)|(^|\/)\.git(\/|$)/i);
      const url = parseUrlPath(`/${text}`);
      if (url.kind === 'file') assert.doesNotMatch(url.path, /(^|\/)\.\.(\/|$)|(^|\/)\.git(\/|$)/i);
    }),
    { numRuns: RUNS },
  );
});
