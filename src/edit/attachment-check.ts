/**
 * What an uploaded attachment may be, judged by its bytes and not only by its name: a `.pdf` must be a
 * PDF, a `.docx` a zip holding a Word document, and so on. Binary formats are recognised by file-type
 * (magic numbers, and the entries of zip containers for office documents); text formats (CSV, iCalendar,
 * plain text, SVG) must be UTF-8 text, and an SVG must carry nothing active.
 *
 * SVG: attachments are served with `Content-Security-Policy: sandbox` by the live server, so a script in
 * one would not run there, but a static build is served by any web server, without that header. An SVG
 * with a script, event handler, `javascript:` link, foreign HTML, entity declaration or external
 * stylesheet is therefore refused (the file is stored as sent, so it is checked, not rewritten).
 */
import { fileTypeFromBuffer } from 'file-type';
import { Parser } from 'htmlparser2';
import { refusal, type Refusal } from '../user-error.js';

type Binary = { kind: 'binary'; mimes: readonly string[]; label: string };
type Text = { kind: 'text'; label: string; check?: (text: string) => Refusal | undefined };

/** The extensions accepted, and what their bytes must be. */
const FORMATS: Readonly<Record<string, Binary | Text>> = {
  pdf: { kind: 'binary', mimes: ['application/pdf'], label: 'PDF' },
  png: { kind: 'binary', mimes: ['image/png'], label: 'PNG' },
  jpg: { kind: 'binary', mimes: ['image/jpeg'], label: 'JPEG' },
  jpeg: { kind: 'binary', mimes: ['image/jpeg'], label: 'JPEG' },
  gif: { kind: 'binary', mimes: ['image/gif'], label: 'GIF' },
  webp: { kind: 'binary', mimes: ['image/webp'], label: 'WebP' },
  odt: { kind: 'binary', mimes: ['application/vnd.oasis.opendocument.text'], label: 'OpenDocument (texte)' },
  ods: { kind: 'binary', mimes: ['application/vnd.oasis.opendocument.spreadsheet'], label: 'OpenDocument (tableur)' },
  odp: { kind: 'binary', mimes: ['application/vnd.oasis.opendocument.presentation'], label: 'OpenDocument (présentation)' },
  docx: { kind: 'binary', mimes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'], label: 'Word (.docx)' },
  xlsx: { kind: 'binary', mimes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], label: 'Excel (.xlsx)' },
  pptx: { kind: 'binary', mimes: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'], label: 'PowerPoint (.pptx)' },
  csv: { kind: 'text', label: 'CSV' },
  txt: { kind: 'text', label: 'texte' },
  ics: { kind: 'text', label: 'iCalendar', check: checkCalendar },
  svg: { kind: 'text', label: 'SVG', check: checkSvg },
};

export const ACCEPTED_EXTENSIONS: readonly string[] = Object.keys(FORMATS).map((e) => `.${e}`);

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Accepted, or why not. The size limit is the caller's (it knows the deployment's setting). */
export async function checkAttachment(name: string, content: Buffer): Promise<'accepted' | Refusal> {
  const extension = extensionOf(name);
  const format = FORMATS[extension];
  if (!format) {
    return refusal(
      `Les fichiers « .${extension || '?'} » ne sont pas acceptés. Formats acceptés : ${ACCEPTED_EXTENSIONS.join(' ')}.`,
      `“.${extension || '?'}” files are not accepted. Accepted formats: ${ACCEPTED_EXTENSIONS.join(' ')}.`,
    );
  }
  if (content.length === 0) return refusal('Ce fichier est vide.', 'This file is empty.');
  if (format.kind === 'binary') {
    const found = await fileTypeFromBuffer(content).catch(() => undefined);
    if (found && format.mimes.includes(found.mime)) return 'accepted';
    return refusal(
      `Le contenu de ce fichier n’est pas celui d’un fichier ${format.label}, comme son nom l’annonce${found ? ` (il ressemble à un fichier .${found.ext})` : ''}. Vérifiez que vous avez choisi le bon fichier.`,
      `This file’s content is not that of a ${format.label} file, as its name says${found ? ` (it looks like a .${found.ext} file)` : ''}. Check that you chose the right file.`,
    );
  }
  const text = utf8Text(content);
  if (text === undefined) {
    return refusal(
      `Un fichier ${format.label} doit être du texte en UTF-8 ; celui-ci contient des données binaires ou un autre codage.`,
      `A ${format.label} file must be UTF-8 text; this one holds binary data or another encoding.`,
    );
  }
  return format.check?.(text) ?? 'accepted';
}

function utf8Text(content: Buffer): string | undefined {
  if (content.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    return undefined;
  }
}

function checkCalendar(text: string): Refusal | undefined {
  if (/^\uFEFF?BEGIN:VCALENDAR\r?\n/i.test(text)) return undefined;
  return refusal('Un fichier .ics doit commencer par « BEGIN:VCALENDAR ».', 'An .ics file must start with “BEGIN:VCALENDAR”.');
}

const SVG_ACTIVE = refusal(
  'Cette image SVG contient des éléments actifs (script, gestionnaire d’événement, lien javascript:, HTML inclus ou feuille de style externe) : elle n’est pas acceptée.',
  'This SVG image holds active content (a script, event handler, javascript: link, embedded HTML or external stylesheet): it is not accepted.',
);

/** Elements that run code or pull in HTML or other documents. */
const ACTIVE_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener']);

function checkSvg(text: string): Refusal | undefined {
  if (/<!ENTITY/i.test(text) || /<\?xml-stylesheet/i.test(text)) return SVG_ACTIVE;
  let root: string | undefined;
  let active = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const local = name.toLowerCase().replace(/^.*:/, '');
        root ??= local;
        if (ACTIVE_ELEMENTS.has(local)) active = true;
        for (const [attribute, value] of Object.entries(attributes)) {
          const key = attribute.toLowerCase();
          if (key.startsWith('on')) active = true;
          // Browsers ignore control characters and spaces inside a URL's scheme.
          // eslint-disable-next-line no-control-regex
          const url = value.replace(/[\s\u0000-\u001f]+/g, '').toLowerCase();
          if ((key === 'href' || key.endsWith(':href') || key === 'src') && /^(javascript|vbscript|data:text\/html)/.test(url)) active = true;
          // `url(#gradient)` names a part of the image itself; any other url() fetches something.
          if (key === 'style' && /url\s*\(\s*['"]?(?!#)|expression\s*\(|@import/i.test(value)) active = true;
        }
      },
      ontext(data) {
        // A <style> element's text: an @import or url() would fetch another resource.
        if (/@import/i.test(data)) active = true;
      },
    },
    { xmlMode: true },
  );
  parser.end(text);
  if (root !== 'svg') return refusal('Ce fichier .svg n’est pas une image SVG.', 'This .svg file is not an SVG image.');
  return active ? SVG_ACTIVE : undefined;
}
