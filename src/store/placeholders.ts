/**
 * `?` placeholders to PostgreSQL's `$1, $2…`. Written by hand because it is a dozen lines and no driver
 * does it: a `?` inside a string literal, a quoted identifier, a dollar-quoted body or a comment is
 * left alone.
 */
const DOLLAR_TAG = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/;

export function numberedPlaceholders(sql: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sql.length) {
    const char = sql[i]!;
    const skipTo = (end: string, from: number): number => {
      const at = sql.indexOf(end, from);
      return at < 0 ? sql.length : at + end.length;
    };
    let next: number;
    if (char === "'" || char === '"') {
      // A doubled quote inside is an escaped quote: the scan simply continues with the next literal.
      next = skipTo(char, i + 1);
    } else if (char === '-' && sql[i + 1] === '-') {
      next = skipTo('\n', i + 2);
    } else if (char === '/' && sql[i + 1] === '*') {
      next = skipTo('*/', i + 2);
    } else if (char === '$' && DOLLAR_TAG.test(sql.slice(i, i + 64))) {
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 64))![0];
      next = skipTo(tag, i + tag.length);
    } else if (char === '?') {
      n += 1;
      out += `$${n}`;
      i += 1;
      continue;
    } else {
      next = i + 1;
    }
    out += sql.slice(i, next);
    i = next;
  }
  return out;
}
