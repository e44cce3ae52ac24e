/**
 * Dates as every page shows them: in the reader's language, in UTC, with the machine-readable value in
 * `<time datetime>`. A page's last change and the review's dates are days; commits, sessions and tokens
 * are to the minute, said to be UTC.
 */
export type DatePrecision = 'day' | 'minute';

// Making a DateTimeFormat costs far more than using one: one per language and precision, made once.
const FORMATS: Record<DatePrecision, Record<'fr' | 'en', Intl.DateTimeFormat>> = {
  day: {
    fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }),
    en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }),
  },
  minute: {
    fr: new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
    en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }),
  },
};

/** The date as text; a value that is not a date is shown as written. */
export function formatDate(iso: string, lang: string, precision: DatePrecision = 'day'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = FORMATS[precision][lang === 'en' ? 'en' : 'fr'].format(date);
  return precision === 'minute' ? `${text} UTC` : text;
}

export function DateText(props: { iso: string | Date | undefined; lang: string; precision?: DatePrecision }) {
  const iso = props.iso instanceof Date ? props.iso.toISOString() : props.iso;
  if (!iso) return null;
  return <time datetime={iso}>{formatDate(iso, props.lang, props.precision)}</time>;
}
