import type MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import type { RenderEnv } from './render-env.js';

/** A copy of a cached token with other attributes: rendering never changes the parse cache. */
function withAttrs(token: Token, attrs: [string, string][]): Token {
  return Object.assign(Object.create(Object.getPrototypeOf(token) as object) as Token, token, { attrs });
}

function setAttr(attrs: [string, string][], name: string, value: string): void {
  const existing = attrs.find(([key]) => key === name);
  if (existing) existing[1] = value;
  else attrs.push([name, value]);
}

/**
 * Writes each link as the wiki resolved it: file links become page URLs, links that lead nowhere get the
 * broken-link style (a red link) and a title saying why, links to other sites get `rel="noopener"`. For
 * writers in the live server, a link to a missing page leads to the form that creates it (`create`).
 */
export function linkRewritePlugin(md: MarkdownIt): void {
  md.renderer.rules.link_open = (tokens, idx, options, renderEnv, self) => {
    const env = (renderEnv ?? {}) as RenderEnv;
    const token = tokens[idx] as Token;
    const written = String(token.attrGet('href') ?? '');
    const resolved = env.links?.get(written);
    const attrs = (token.attrs ?? []).map(([k, v]) => [k, v] as [string, string]);
    if (resolved) {
      setAttr(attrs, 'href', resolved.href);
      if (resolved.state === 'external' && /^[a-z][a-z0-9+.-]*:|^\/\//i.test(resolved.href)) setAttr(attrs, 'rel', 'noopener');
      if (resolved.state === 'broken') {
        // A missing page a writer may create is still a red link, marked so that it can say so.
        setAttr(attrs, 'class', resolved.create ? 'broken-link create-page' : 'broken-link');
        setAttr(attrs, 'title', resolved.title);
        if (resolved.create) setAttr(attrs, 'rel', 'nofollow');
      }
    } else if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(written)) {
      setAttr(attrs, 'rel', 'noopener');
    }
    return self.renderToken([withAttrs(token, attrs)], 0, options);
  };

  const image = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, renderEnv, self) => {
    const env = (renderEnv ?? {}) as RenderEnv;
    const token = tokens[idx] as Token;
    const resolved = env.links?.get(String(token.attrGet('src') ?? ''));
    if (!resolved || !image) return image ? image(tokens, idx, options, renderEnv, self) : '';
    const attrs = (token.attrs ?? []).map(([k, v]) => [k, v] as [string, string]);
    setAttr(attrs, 'src', resolved.href);
    if (resolved.state === 'broken') {
      setAttr(attrs, 'class', 'broken-link');
      setAttr(attrs, 'title', resolved.title);
    }
    const copy = [...tokens];
    copy[idx] = withAttrs(token, attrs);
    return image(copy, idx, options, renderEnv, self);
  };
}
