import type { SiteContext, SiteFile } from './site-file.js';

function escapeHtml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The page left at an old `.md` URL (`/a/b.md` → file `a/b.md/index.html`): any static server shows it, and it
 * sends the reader on at once. Servers that read `_redirects` or the nginx include answer a real 301 instead.
 */
export function redirectPage(to: string, lang: string): string {
  const href = escapeHtml(to);
  return (
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><title>${href}</title>` +
    `<link rel="canonical" href="${href}"><meta name="robots" content="noindex">` +
    `<meta http-equiv="refresh" content="0; url=${href}"></head>` +
    `<body><p><a href="${href}">${href}</a></p></body></html>`
  );
}

function nginxString(text: string): string {
  return `"${text.replace(/["\\$]/g, (c) => `\\${c}`)}"`;
}

/**
 * The same redirects for servers that take rules:
 * - `_redirects` (Netlify, Cloudflare Pages and others): one `FROM TO 301` line per `.md` URL;
 * - `-/nginx-redirects.conf`, to include in the site's `server { … }` block:
 *   `include /var/www/wiki/-/nginx-redirects.conf;` — one exact `location` per `.md` URL answering 301, and a
 *   rule that hides the build manifest. nginx compares locations with the decoded path, hence decoded names.
 */
export function redirectRules(context: SiteContext): SiteFile[] {
  const base = context.publication.site.basePath;
  const rules: string[] = [];
  const nginx = [
    '# Feuillet: redirects of the old `.md` URLs of the wiki to their pages.',
    '# Include this file in the server block that serves the site: include /PATH/TO/SITE/-/nginx-redirects.conf;',
    '# Pages are written as URL/index.html; to answer /a/b without a redirect to /a/b/, and with the wiki 404 page:',
    '#   location / { try_files $uri $uri/index.html =404; }  error_page 404 /404.html;',
    `location ~ ^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/\\.feuillet { return 404; }`,
  ];
  for (const output of context.outputs) {
    if (output.kind !== 'redirect') continue;
    rules.push(`${base}${output.from} ${base}${output.to} 301`);
    nginx.push(`location = ${nginxString(decodeURIComponent(base + output.from))} { return 301 ${nginxString(base + output.to)}; }`);
  }
  return [
    { disk: '_redirects', content: rules.length > 0 ? `${rules.join('\n')}\n` : '' },
    { disk: '-/nginx-redirects.conf', content: `${nginx.join('\n')}\n` },
  ];
}
