import sanitizeHtml from 'sanitize-html';

const TAGS = [
  'a', 'abbr', 'acronym', 'address', 'aside', 'b', 'bdi', 'bdo', 'blockquote', 'br', 'caption', 'cite', 'code',
  'col', 'colgroup', 'dd', 'del', 'details', 'dfn', 'div', 'dl', 'dt', 'em', 'figcaption', 'figure', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'hr', 'i', 'img', 'input', 'ins', 'kbd', 'label', 'li', 'mark', 'ol', 'p', 'pre', 'q', 'rp',
  'rt', 'ruby', 's', 'samp', 'section', 'small', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody',
  'td', 'tfoot', 'th', 'thead', 'time', 'tr', 'u', 'ul', 'var', 'wbr',
];

/**
 * The allowlist for raw HTML in pages (after man.sr.ht's, plus what Feuillet's own renderer writes):
 * no script, style element, iframe, form or event handler; URLs only with safe schemes; `style` only for
 * alignment, which cannot load anything.
 */
// `allowedEmptyAttributes` is a sanitize-html option its type declarations do not list yet.
const OPTIONS: sanitizeHtml.IOptions & { allowedEmptyAttributes: string[] } = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['id', 'lang', 'dir', 'title', 'role', 'aria-*', 'class'],
    a: ['href', 'name', 'rel', 'download'],
    img: ['src', 'alt', 'width', 'height', 'loading'],
    input: ['type', 'checked', 'disabled'],
    td: ['colspan', 'rowspan', 'style'],
    th: ['colspan', 'rowspan', 'style', 'scope'],
    ol: ['start', 'reversed', 'type'],
    time: ['datetime'],
    details: ['open'],
    p: ['style'],
    // A wide embedded table scrolls inside a region that keyboards must reach.
    div: ['style', { name: 'tabindex', multiple: false, values: ['0'] }],
    span: ['style'],
  },
  allowedStyles: {
    '*': { 'text-align': [/^(left|right|center|justify)$/] },
  },
  allowedClasses: {
    '*': [
      'hljs', 'hljs-*', 'language-*', 'footnote*', 'footnotes*', 'task-list-item*', 'contains-task-list',
      'heading-anchor', 'alias-anchor', 'broken-link', 'cal-*', 'data-table*', 'embed-*', 'note', 'warning',
    ],
  },
  allowedEmptyAttributes: ['alt', 'checked', 'disabled', 'download', 'open', 'reversed'],
  allowedSchemes: ['http', 'https', 'mailto', 'ftp', 'irc', 'ircs', 'xmpp', 'matrix', 'gemini', 'gopher', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https', 'data'] },
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^[a-z][a-z0-9+.-]*:|^\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'noopener' } : attribs };
    },
    input: (tagName, attribs) => ({ tagName, attribs: { ...attribs, type: 'checkbox', disabled: '' } }),
  },
};

/** Makes rendered HTML safe to serve, keeping what the allowlist allows. */
export function sanitize(html: string): string {
  return sanitizeHtml(html, OPTIONS);
}
