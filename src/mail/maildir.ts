/**
 * The messages of a Maildir (`new/` and `cur/`), oldest first, for importing a list archive and for the
 * receiver's spool. Only regular files count: a symbolic link in a Maildir could point anywhere.
 */
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface MaildirMessage {
  readonly path: string;
  readonly folder: 'new' | 'cur';
  /** The file name without its `:2,FLAGS` info. */
  readonly name: string;
  /** Maildir flags (`S` seen, `R` replied, `T` trashed…), empty in `new/`. */
  readonly flags: string;
}

export type MaildirListing =
  | { readonly kind: 'maildir'; readonly messages: readonly MaildirMessage[] }
  | { readonly kind: 'not-a-maildir'; readonly fr: string; readonly en: string };

export async function listMaildir(dir: string): Promise<MaildirListing> {
  const folders = await Promise.all((['new', 'cur'] as const).map(async (folder) => ({ folder, names: await namesIn(join(dir, folder)) })));
  if (folders.every(({ names }) => names === undefined)) {
    return {
      kind: 'not-a-maildir',
      fr: `${dir} n’est pas un dossier Maildir (ni new/ ni cur/).`,
      en: `${dir} is not a Maildir folder (no new/ nor cur/).`,
    };
  }
  const messages: MaildirMessage[] = [];
  for (const { folder, names } of folders) {
    for (const file of names ?? []) {
      if (file.startsWith('.')) continue;
      const path = join(dir, folder, file);
      const stats = await lstat(path).catch(() => undefined);
      if (!stats?.isFile()) continue;
      const info = file.indexOf(':2,');
      messages.push({ path, folder, name: info === -1 ? file : file.slice(0, info), flags: info === -1 ? '' : file.slice(info + 3) });
    }
  }
  return { kind: 'maildir', messages: messages.sort(byDelivery) };
}

async function namesIn(folder: string): Promise<string[] | undefined> {
  try {
    return await readdir(folder);
  } catch {
    return undefined;
  }
}

/** Maildir names start with the delivery time in seconds (`1717315200.M…`); the rest breaks ties. */
function byDelivery(a: MaildirMessage, b: MaildirMessage): number {
  const time = (message: MaildirMessage) => Number.parseInt(message.name, 10);
  const [ta, tb] = [time(a), time(b)];
  if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
