// In Chromium: injection attempts (raw HTML, mutation XSS, javascript:/data: URLs, SVG, MathML, front
// matter, file names, mail headers and bodies, account names, search queries, CSV and iCalendar cells) are
// put everywhere text reaches a page — page bodies, titles, file names, folder listings, history, diffs,
// search, the review desk (subject, author, body, diff, preview), the list archive, the account pages, the
// admin pages, the agenda and tables — then every page reachable from there is opened, as a visitor and as
// an administrator, and every button and disclosure is clicked. The live server is read with its CSP
// bypassed, so that what is checked is the sanitising itself, and the static build is served by a plain
// file server with no CSP at all. No dialog opens, no element carries a handler or a script URL, and no
// request leaves for another host; every HTML answer of the live server carries the strict policy.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromiumSkip, launchBrowser } from '../helpers/browser.js';
import { LIST, reviewWorld, serveWorld, type ReviewServer, type ReviewWorld } from '../review/desk-fixture.js';
import { build, serveFolder } from '../site/static-site.js';

/** Every payload calls `alert(n)` or reaches `evil.example`: either is seen, whichever defence failed. */
const HTML_PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<svg onload=alert(3)><circle r=1 /></svg>',
  '<svg><script>alert(4)</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(5)></style></mglyph></table></mtext></math>',
  '<noscript><p title="</noscript><img src=x onerror=alert(6)>"></noscript>',
  '<a href="javascript:alert(7)">lien</a>',
  '<a href="jav&#x09;ascript:alert(8)">lien tabulé</a>',
  '<a href="data:text/html,<script>alert(9)</script>">données</a>',
  '<iframe srcdoc="<script>alert(10)</script>"></iframe>',
  '<iframe src="https://evil.example/frame"></iframe>',
  '<form action="https://evil.example/"><button formaction="javascript:alert(11)">envoyer</button></form>',
  '<details open ontoggle=alert(12)><summary>détails</summary>x</details>',
  '<object data="https://evil.example/o.swf"></object><embed src="https://evil.example/e.swf">',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
  '<link rel="stylesheet" href="https://evil.example/s.css">',
  '<style>@import url(https://evil.example/i.css); body{background:url(https://evil.example/b.png)}</style>',
  '<p style="background:url(https://evil.example/p.png)">fond</p>',
  '<a href="/" ping="https://evil.example/ping">ping</a>',
  '<video poster="https://evil.example/v.png" src="https://evil.example/v.mp4"></video><audio src="https://evil.example/a.mp3"></audio>',
  '<img srcset="https://evil.example/s.png 1x" src="x.png">',
  '<svg><a xlink:href="javascript:alert(13)"><text y="10">svg</text></a></svg>',
  '<svg><animate attributeName="href" values="javascript:alert(14)" /></svg>',
  '<input autofocus onfocus=alert(15)><select onchange=alert(16)><option>a</option></select>',
  '<div data-x="&quot;><img src=x onerror=alert(17)>">attribut</div>',
  '<x-y onclick=alert(18)>élément inconnu</x-y>',
  '<img src="x" alt="`\'\\"><img src=x onerror=alert(19)>">',
  '<textarea></textarea><img src=x onerror=alert(20)></textarea>',
];
const MARKDOWN_PAYLOADS = [
  '[lien](javascript:alert(21))',
  '[lien encodé](JaVaScRiPt:alert%2822%29)',
  '[données](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMyk8L3NjcmlwdD4=)',
  '![image](javascript:alert(24))',
  '[[javascript:alert(25)]] [[Texte|javascript:alert(26)]]',
  '<javascript:alert(27)>',
  '[réf][r]\n\n[r]: javascript:alert(28) "titre"',
  '`<img src=x onerror=alert(29)>` et ```<script>alert(30)</script>```',
];

const TITLE = `</title><script>alert(40)</script><img src=x onerror=alert(41)>`;
const NAME = '"><img src=x onerror=alert(50)>';
const CALENDAR = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Feuillet//XSS//FR',
  'BEGIN:VEVENT',
  'UID:xss@example.org',
  'DTSTAMP:20260101T000000Z',
  'DTSTART:20990115T100000Z',
  'DTEND:20990115T110000Z',
  'SUMMARY:<img src=x onerror=alert(60)>',
  'DESCRIPTION:<script>alert(61)</script>',
  'LOCATION:javascript:alert(62)',
  'URL:javascript:alert(63)',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const TABLE = ['Nom;Lien', '<img src=x onerror=alert(70)>;javascript:alert(71)', '"<script>alert(72)</script>";=HYPERLINK("javascript:alert(73)")', ''].join('\n');

const body = (heading: string) => `# ${heading}\n\n${HTML_PAYLOADS.join('\n\n')}\n\n${MARKDOWN_PAYLOADS.join('\n\n')}\n`;

const FILES: Record<string, string> = {
  'index.md': '# Accueil\n\n[Essais](essais/)\n',
  'essais/index.md': `---\ntitle: "${TITLE.replaceAll('"', '\\"')}"\ndescription: "<script>alert(42)</script>"\n---\n\n${body('Dossier')}`,
  'essais/corps.md': `---\ntitle: Corps\ntoc: true\n---\n\n${body('Corps <img src=x onerror=alert(43)>')}\n## <svg onload=alert(44)> titre\n\n{{tableau tableau.csv légende="<script>alert(45)</script>"}}\n\n{{agenda agenda.ics}}\n`,
  [`essais/${NAME}.md`]: `# Nom de fichier\n\n[retour](corps.md)\n`,
  'essais/tableau.csv': TABLE,
  'essais/agenda.ics': CALENDAR,
  '_Sidebar.md': '[[javascript:alert(80)]] <img src=x onerror=alert(81)>\n',
  '_Footer.md': '<script>alert(82)</script> [bas](javascript:alert(83))\n',
};

interface Found {
  dialogs: string[];
  foreign: string[];
  dom: string[];
}

/** What a page must not hold, read in the page: handlers, script URLs, foreign scripts, bases, refreshes. */
function domProblems(): string[] {
  const problems: string[] = [];
  const here = location.origin;
  const scriptUrl = /^(javascript|vbscript|data:(text\/html|image\/svg|application))/;
  for (const element of Array.from(document.querySelectorAll('*'))) {
    const tag = element.tagName.toLowerCase();
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`${tag}[${name}]`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'srcdoc', 'background', 'values', 'to', 'from'].includes(name)) {
        // eslint-disable-next-line no-control-regex -- browsers drop these from URLs before reading the scheme
        const value = attribute.value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
        if (scriptUrl.test(value) || name === 'srcdoc') problems.push(`${tag}[${name}=${attribute.value.slice(0, 60)}]`);
      }
    }
    if (tag === 'script' && (!(element as HTMLScriptElement).src || new URL((element as HTMLScriptElement).src).origin !== here)) problems.push('script not from the site');
    if (['base', 'iframe', 'object', 'embed', 'frame'].includes(tag)) problems.push(`<${tag}>`);
    if (tag === 'meta' && element.getAttribute('http-equiv')) problems.push(`<meta http-equiv=${element.getAttribute('http-equiv')}>`);
    if (tag === 'form' && new URL((element as HTMLFormElement).action, location.href).origin !== here) problems.push(`form to ${(element as HTMLFormElement).action}`);
  }
  return problems;
}

/** Clicks every button and disclosure of the page, with form submissions held back. */
async function clickEverything(page: Page): Promise<void> {
  await page.evaluate(async () => {
    document.addEventListener('submit', (event) => event.preventDefault(), true);
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('button, summary, input[type=button], [role=button]'))) {
      element.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  });
  await page.waitForTimeout(30);
}

/**
 * Opens `seeds` and every same-origin HTML page linked from them (breadth first, at most `limit`), checks
 * each, and returns what it found and how many pages it opened.
 */
async function crawl(context: BrowserContext, base: string, seeds: readonly string[], limit: number, found: Found, skip: RegExp): Promise<{ opened: string[]; csp: string[] }> {
  const origin = new URL(base).origin;
  const queue = [...seeds];
  const seen = new Set(queue);
  const opened: string[] = [];
  const csp: string[] = [];
  while (queue.length > 0 && opened.length < limit) {
    const path = queue.shift() as string;
    const url = new URL(path, base).href;
    // Downloads (mbox, sources, attachments) are not pages: look before opening.
    const head = await context.request.get(url, { maxRedirects: 5 });
    const type = head.headers()['content-type'] ?? '';
    if (!type.startsWith('text/html')) continue;
    const policy = head.headers()['content-security-policy'];
    if (policy !== undefined) csp.push(policy);
    // A page of its own for each: a click may start a navigation (Cancel goes back) that must not cut the next.
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      // Feuillet's own scripts ask before a deletion; every payload calls alert().
      if (dialog.type() !== 'confirm' || /^\d+$/.test(dialog.message())) found.dialogs.push(`${path}: ${dialog.type()} ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(url, { waitUntil: 'load' });
    opened.push(path);
    found.dom.push(...(await page.evaluate(domProblems)).map((problem) => `${path}: ${problem}`));
    const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]'), (a) => (a as HTMLAnchorElement).href));
    await clickEverything(page);
    await page.close();
    for (const link of links) {
      const target = new URL(link);
      if (target.origin !== origin) continue;
      const key = target.pathname + target.search;
      if (skip.test(key) || seen.has(key)) continue;
      seen.add(key);
      queue.push(key);
    }
  }
  return { opened, csp };
}

/** A context that records dialogs' and foreign requests, and answers no request to another host. */
async function watchedContext(browser: Browser, found: Found, options: { bypassCSP: boolean }): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: options.bypassCSP });
  context.setDefaultTimeout(15_000);
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    found.foreign.push(url.href);
    return route.abort();
  });
  return context;
}

function patchMail(world: ReviewWorld): { patch: Buffer; replies: Buffer[] } {
  world.contributor.commit(`<script>alert(90)</script> <img src=x onerror=alert(91)>\n\n${HTML_PAYLOADS.slice(0, 8).join('\n')}\n`, {
    'essais/corps.md': `${FILES['essais/corps.md']}\n\nAjout : <img src=x onerror=alert(92)> [x](javascript:alert(93))\n`,
    'essais/nouveau <img src=x onerror=alert(94)>.md': `# Nouveau\n\n${HTML_PAYLOADS.slice(8, 16).join('\n\n')}\n`,
  });
  const [raw] = world.contributor.formatPatch(['-1']);
  assert.ok(raw);
  const text = raw.toString('utf8').replace(/^From: .*(\n[ \t].*)*/m, `From: "<img src=x onerror=alert(95)>" <elodie@example.org>`);
  const id = /^Message-I[dD]: (<[^>]+>)/m.exec(text)?.[1] ?? '<xss-patch@example.org>';
  const withId = /^Message-I[dD]:/m.test(text) ? text : text.replace(/^Subject:/m, `Message-ID: ${id}\nSubject:`);
  const subject = /^Subject: (.*)$/m.exec(withId)?.[1] ?? '';
  const reply = (n: number, type: string, content: string) =>
    Buffer.from(
      [
        `From: "<svg onload=alert(${n})>" <lecteur${n}@example.org>`,
        `To: ${LIST}`,
        `Subject: Re: ${subject.replace(/^\[PATCH\] /, '')} <script>alert(${n + 1})</script>`,
        `Message-ID: <xss-reply-${n}@example.org>`,
        `In-Reply-To: ${id}`,
        `References: ${id}`,
        'Date: Tue, 03 Jun 2025 10:00:00 +0000',
        'MIME-Version: 1.0',
        `Content-Type: ${type}; charset=utf-8`,
        '',
        content,
        '',
      ].join('\n'),
    );
  return {
    patch: Buffer.from(withId),
    replies: [
      reply(100, 'text/plain', `> cité <script>alert(102)</script>\n\nRéponse <img src=x onerror=alert(103)> javascript:alert(104) https://example.org/"onmouseover="alert(105)`),
      reply(110, 'text/html', `<p>HTML <img src=x onerror=alert(112)><script>alert(113)</script><a href="javascript:alert(114)">lien</a></p>`),
    ],
  };
}

describe('no injected script runs, in Chromium', { skip: chromiumSkip() }, () => {
  let browser: Browser;
  let world: ReviewWorld;
  let server: ReviewServer;
  let admin: { cookie: string; csrf: string };
  let site: { url: string; close(): Promise<void> };

  before(async () => {
    world = await reviewWorld(FILES);
    const { patch, replies } = patchMail(world);
    const report = await world.ingest([patch, ...replies]);
    // All three archived, the patch kept as a proposal: the review pages have something to show.
    assert.deepEqual([report.archived, report.rejected, report.refusedPatches], [3, [], []]);
    server = await serveWorld(world);
    admin = await server.signIn('admin@example.org', 'admin', `<img src=x onerror=alert(120)> Admin`);
    const out = join(world.parent, 'site');
    await build(world.repo, out);
    [browser, site] = await Promise.all([launchBrowser(), serveFolder(out)]);
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await server?.close();
    await world?.cleanup();
  });

  const SEEDS = [
    '/',
    '/essais/',
    '/essais/corps',
    '/essais/tableau.csv',
    '/essais/agenda.ics',
    `/essais/${encodeURIComponent(NAME)}`,
    '/-/search?q=%3Cscript%3Ealert(130)%3C%2Fscript%3E',
    '/-/search?q=onerror',
    '/-/search?q=%22%3E%3Cimg+src%3Dx+onerror%3Dalert(131)%3E',
    '/-/changes',
    '/-/agenda',
    '/-/review/',
    '/-/review/1',
    '/-/archive/',
    `/-/login?next=${encodeURIComponent('javascript:alert(132)')}`,
    `/-/new?title=${encodeURIComponent('<img src=x onerror=alert(133)>')}&folder=essais`,
    '/-/account',
    '/-/admin',
  ];
  // Leaving the session or the review's state alone keeps the crawl reading what the payloads reach.
  const SKIP = /^\/-\/(logout|sign-out)|\/mbox$|^\/-\/source\//;

  for (const who of ['visitor', 'admin'] as const) {
    test(`the live server, as ${who}: no script runs even with its CSP bypassed`, async (t) => {
      const found: Found = { dialogs: [], foreign: [], dom: [] };
      const context = await watchedContext(browser, found, { bypassCSP: true });
      try {
        if (who === 'admin') {
          const [name, value] = admin.cookie.split('=') as [string, string];
          await context.addCookies([{ name, value, url: server.url }]);
        }
        const { opened, csp } = await crawl(context, server.url, SEEDS, 400, found, SKIP);
        t.diagnostic(`${opened.length} pages opened`);
        assert.ok(opened.length >= SEEDS.length - 4, `opened only ${opened.length} pages: ${opened.join(', ')}`);
        for (const path of ['/essais/corps', '/-/review/1', '/-/archive/']) assert.ok(opened.includes(path), `${path} was not opened`);
        assert.ok(opened.some((path) => path.startsWith('/-/history/')) && opened.some((path) => path.startsWith('/-/commit/')), 'history and commits opened');
        assert.deepEqual(found.dialogs, [], 'a dialog opened: a payload ran');
        assert.deepEqual(found.dom, [], 'a page carries an active attribute or element');
        assert.deepEqual(found.foreign, [], 'a request left for another host');
        for (const policy of csp) {
          assert.match(policy, /script-src 'self'(;|$)/);
          assert.doesNotMatch(policy, /unsafe-eval|script-src[^;]*unsafe-inline/);
        }
        assert.equal(csp.length, opened.length, 'every HTML answer carries its policy');
      } finally {
        await context.close();
      }
    });
  }

  test('the static site, served with no CSP: no script runs', async (t) => {
    const found: Found = { dialogs: [], foreign: [], dom: [] };
    const context = await watchedContext(browser, found, { bypassCSP: false });
    try {
      const { opened } = await crawl(context, `${site.url}/`, ['/', '/essais/', '/essais/corps/', '/essais/tableau.csv', '/essais/agenda.ics', '/404.html'], 200, found, /^$/);
      t.diagnostic(`${opened.length} pages opened`);
      assert.ok(opened.length >= 5, `opened only ${opened.length} pages: ${opened.join(', ')}`);
      assert.deepEqual(found.dialogs, [], 'a dialog opened: a payload ran');
      assert.deepEqual(found.dom, [], 'a page carries an active attribute or element');
      assert.deepEqual(found.foreign, [], 'a request left for another host');
    } finally {
      await context.close();
    }
  });
});
