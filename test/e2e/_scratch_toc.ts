import { launchBrowser, serveWithCli } from '../helpers/browser.js';
const cli = await serveWithCli([]);
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await ctx.newPage();
await page.goto(cli.url);
const info = await page.evaluate(() => {
  const h = document.getElementById('accessibilité-et-thèmes')!;
  const r = h.getBoundingClientRect();
  return { tag: h.tagName, top: r.top + scrollY, docH: document.documentElement.scrollHeight, vh: innerHeight, headings: [...document.querySelectorAll('main h2, main h3')].map((x) => x.id) };
});
console.log(info);
await page.screenshot({ path: '/tmp/look/manual.png', fullPage: true });
await browser.close();
await cli.stop();
