// A browser without JavaScript, for tests over real HTTP: keeps cookies (per host, honouring Path and
// deletion), follows nothing by itself, parses HTML answers, and fills forms as a person would (the
// hidden fields, CSRF token included, come from the page).
import { parseHTML } from 'linkedom';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';

interface StoredCookie {
  value: string;
  path: string;
}

export interface WebPage {
  response: Response;
  status: number;
  document: Document;
  /** The page's text content (main element), whitespace collapsed. */
  text: string;
}

export class WebClient {
  /** host → name → cookie */
  private readonly jar = new Map<string, Map<string, StoredCookie>>();
  /** Every Set-Cookie header received, as sent, to check attributes. */
  readonly setCookies: string[] = [];
  /** Sent with every request, e.g. the `X-Forwarded-For` a reverse proxy would add. */
  headers: Record<string, string> = {};

  constructor(readonly base: string) {}

  cookie(name: string, host = new URL(this.base).host): string | undefined {
    return this.jar.get(host)?.get(name)?.value;
  }

  private cookieHeader(url: URL): string {
    const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
    return [...cookies.entries()]
      .filter(([, c]) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/')
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
  }

  private remember(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attributes.some((a) => /^max-age=0$/i.test(a)) || value === '';
      const cookies = this.jar.get(url.host) ?? new Map<string, StoredCookie>();
      if (expired) cookies.delete(name);
      else cookies.set(name, { value, path });
      this.jar.set(url.host, cookies);
    }
  }

  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const url = new URL(path, this.base);
    const headers = new Headers({ ...this.headers, ...Object.fromEntries(new Headers(init.headers)) });
    const cookie = this.cookieHeader(url);
    if (cookie) headers.set('cookie', cookie);
    if (!headers.has('accept')) headers.set('accept', 'text/html');
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.remember(url, response);
    return response;
  }

  /** Fetches, following redirects (as a browser does), and parses the final page. */
  async open(path: string, init: RequestInit = {}): Promise<WebPage> {
    let response = await this.fetch(path, init);
    let url = new URL(path, this.base);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops++) {
      url = new URL(response.headers.get('location')!, url);
      response = await this.fetch(url.href);
    }
    return WebClient.parse(response, await response.text());
  }

  static parse(response: Response, html: string): WebPage {
    const { document } = parseHTML(html);
    const doc = document as unknown as Document;
    const text = (doc.querySelector('main')?.textContent ?? doc.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { response, status: response.status, document: doc, text };
  }

  /**
   * Submits the form of `page` whose action ends with `action`, with its hidden fields and `fields`
   * filled in; returns the first answer (not followed), so tests can look at redirects and cookies.
   */
  async submit(page: WebPage, action: string, fields: Record<string, string> = {}): Promise<Response> {
    const form = [...page.document.querySelectorAll('form')].find((f) => (f.getAttribute('action') ?? '').endsWith(action));
    if (!form) throw new Error(`no form posting to ${action} on this page: ${page.text.slice(0, 300)}`);
    const body = new URLSearchParams();
    for (const input of form.querySelectorAll('input[type=hidden], select')) {
      const name = input.getAttribute('name');
      if (!name || name in fields) continue;
      const value = input.tagName === 'SELECT' ? (input.querySelector('option[selected]') ?? input.querySelector('option'))?.getAttribute('value') : input.getAttribute('value');
      body.set(name, value ?? '');
    }
    for (const [name, value] of Object.entries(fields)) body.set(name, value);
    return this.fetch(form.getAttribute('action')!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    });
  }

  /** Submits and follows to the resulting page. */
  async submitAndOpen(page: WebPage, action: string, fields: Record<string, string> = {}): Promise<WebPage> {
    const response = await this.submit(page, action, fields);
    if (response.status >= 300 && response.status < 400) return this.open(new URL(response.headers.get('location')!, this.base).href);
    return WebClient.parse(response, await response.text());
  }
}

export interface OutboxMail {
  file: string;
  to: string;
  subject: string;
  text: string;
  /** The wiki links in the text. */
  links: string[];
}

/** The mails Feuillet wrote to its outbox, oldest first, decoded as a mail program would. */
export async function outboxMails(dataDir: string): Promise<OutboxMail[]> {
  const folder = join(dataDir, 'outbox');
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => name.endsWith('.eml')).sort();
  } catch {
    return [];
  }
  const mails: OutboxMail[] = [];
  for (const file of names) {
    const parsed = await simpleParser(readFileSync(join(folder, file)));
    const text = parsed.text ?? '';
    const to = Array.isArray(parsed.to) ? parsed.to[0]?.text ?? '' : parsed.to?.text ?? '';
    mails.push({ file, to, subject: parsed.subject ?? '', text, links: [...text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]) });
  }
  return mails;
}
