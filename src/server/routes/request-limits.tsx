/**
 * How large a state-changing request may be, by what it is for, and the page a larger one gets (413,
 * nothing read, nothing saved): an upload up to `edit.max_upload_bytes` (with room for the form's other
 * fields), the editor's text up to the largest page (`build.max_page_bytes`) as a form encodes it (up to
 * three bytes per byte: `%C3%A9`), any other form up to FORM_BYTES. A text a little over the page limit
 * still reaches the editor, which gives it back with its own refusal; only far larger bodies stop here.
 */
import type { Context } from 'hono';
import { sizeText } from '../../edit/file-operations.js';
import { MessageView } from '../../views/account-forms.js';
import { EDIT_PREFIX, PREVIEW_PATH } from '../../views/editor-links.js';
import { FILE_OPS } from '../../views/file-ops-links.js';
import type { BodyLimits, TooLargeAnswer } from '../middleware/body-limit.js';
import { isGitPath } from '../middleware/csrf.js';
import { page } from './auth-pages.js';
import type { RouteContext } from './context.js';
import { uploadLimitOf } from './file-ops.js';

/** Sign-in, account, review and file forms: a comment of a few pages is a few tens of kilobytes. */
export const FORM_BYTES = 2 ** 20;
/** Room for the fields beside an uploaded file and the multipart framing. */
const UPLOAD_FRAMING_BYTES = 64 * 1024;

type Purpose = 'upload' | 'editor' | 'form';

function purposeOf(path: string): Purpose {
  if (path === FILE_OPS.upload) return 'upload';
  if (path.startsWith(`${EDIT_PREFIX}/`) || path === PREVIEW_PATH) return 'editor';
  return 'form';
}

export function bodyLimitsOf(ctx: RouteContext): BodyLimits {
  const { wiki } = ctx.publication;
  return (c) => {
    if (ctx.services && isGitPath(ctx.services, c.req.path)) return undefined;
    switch (purposeOf(c.req.path)) {
      case 'upload':
        return uploadLimitOf(wiki) + UPLOAD_FRAMING_BYTES;
      case 'editor':
        return 3 * wiki.options.maxPageBytes + UPLOAD_FRAMING_BYTES;
      case 'form':
        return FORM_BYTES;
    }
  };
}

export function tooLargeAnswer(ctx: RouteContext): TooLargeAnswer {
  return (c: Context) => {
    const site = ctx.siteFor(c);
    const lang = site.lang;
    const { wiki } = ctx.publication;
    const purpose = purposeOf(c.req.path);
    const text = {
      upload: {
        fr: `Ce fichier dépasse la taille maximale d’un dépôt (${sizeText(uploadLimitOf(wiki), 'fr')}) : rien n’a été enregistré.`,
        en: `This file is over the largest upload (${sizeText(uploadLimitOf(wiki), 'en')}): nothing was saved.`,
      },
      editor: {
        fr: `Ce texte dépasse de loin la taille maximale d’une page (${sizeText(wiki.options.maxPageBytes, 'fr')}) : rien n’a été enregistré.`,
        en: `This text is far over the largest page (${sizeText(wiki.options.maxPageBytes, 'en')}): nothing was saved.`,
      },
      form: {
        fr: `Ce formulaire envoie plus de ${sizeText(FORM_BYTES, 'fr')}, la taille maximale acceptée : rien n’a été enregistré.`,
        en: `This form sends more than ${sizeText(FORM_BYTES, 'en')}, the largest accepted: nothing was saved.`,
      },
    }[purpose][lang];
    const title = lang === 'fr' ? 'Envoi trop volumineux' : 'Too large to send';
    const back = purpose === 'upload' ? { href: `${site.basePath}${FILE_OPS.upload}`, label: lang === 'fr' ? 'Revenir au dépôt de fichier' : 'Back to the upload form' } : undefined;
    return page(c, MessageView({ site, title, text, ...(back ? { link: back } : {}) }), 413, { Connection: 'close' });
  };
}
