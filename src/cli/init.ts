import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GitRepository, initRepository } from '../git/index.js';
import { UsageError } from './errors.js';

const WELCOME = `---
title: Accueil
---

# Bienvenue

Ce wiki est un dépôt git de pages Markdown. Modifiez ce fichier, \`index.md\`, puis enregistrez-le avec git.
`;

/** `feuillet init DIR`: makes a folder a git repository with a first commit (and a home page if empty). */
export async function initCommand(positionals: string[]): Promise<number> {
  const [dir] = positionals;
  if (dir === undefined || positionals.length > 1) throw new UsageError('Usage : feuillet init DOSSIER / usage: feuillet init DIR');
  if (existsSync(join(dir, '.git'))) throw new UsageError(`${dir} est déjà un dépôt git / is already a git repository`);
  const inside = existsSync(dir) ? await GitRepository.open(dir).then((r) => (r.close(), true), () => false) : false;
  if (inside) throw new UsageError(`${dir} est déjà dans un dépôt git / is already inside a git repository`);
  mkdirSync(dir, { recursive: true });
  if (readdirSync(dir).length === 0) writeFileSync(join(dir, 'index.md'), WELCOME);
  const commit = await initRepository(dir, 'Premier commit du wiki');
  console.log(`Dépôt créé dans ${resolve(dir)} (commit ${commit.slice(0, 12)}). Lancez : feuillet serve ${dir}`);
  return 0;
}
