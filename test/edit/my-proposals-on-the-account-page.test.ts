/**
 * The account page lists the changes the person proposed, newest first, each with its number, title,
 * version and state, linked to its review page; someone else's proposals are not there (even when their
 * address contains this person's), and someone who proposed nothing is told so.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editWorld } from './edit-fixture.js';

test('"Mes propositions" lists one’s own changes with their state, and only them', async () => {
  const w = await editWorld();
  try {
    const camille = await w.person('contributor', 'camille@example.org', 'Camille');
    const lookalike = await w.person('contributor', 'xcamille@example.org.net', 'Homonyme');
    const propose = async (who: typeof camille, path: string, from: string, to: string, message: string, extra: Record<string, string> = {}) => {
      const form = await who.open(path);
      const answer = await who.save(path, { base: form.base, text: form.text.replace(from, to), message, ...extra });
      assert.equal(answer.status, 303);
      return Number(/\/-\/review\/(\d+)$/.exec(answer.headers.get('location') ?? '')?.[1]);
    };
    const first = await propose(camille, 'guide.md', 'Premier paragraphe.', 'Premier, précisé.', 'Précise le premier paragraphe');
    const second = await propose(camille, 'guide.md', 'Premier paragraphe.', 'Premier, revu.', 'Précise le premier paragraphe', { revise: String(first) });
    await propose(lookalike, 'index.md', 'Bienvenue.', 'Bienvenue à tous.', 'Accueil plus chaleureux');
    const third = await propose(camille, 'docs/outils.md', 'Une liste.', 'Une liste utile.', 'Outils : une liste utile');

    const { document } = await w.server.page('/-/account', camille.cookie);
    assert.equal(document.querySelector('#proposals')?.textContent, 'Mes propositions');
    const items = [...document.querySelectorAll('.my-proposals li')].map((li) => ({ text: li.textContent?.replace(/\s+/g, ' ').trim(), href: li.querySelector('a')?.getAttribute('href') }));
    assert.deepEqual(items, [
      { text: `Modification n° ${third} : Outils : une liste utile — proposée`, href: `/-/review/${third}` },
      { text: `Modification n° ${second} : Précise le premier paragraphe (v2) — proposée`, href: `/-/review/${second}` },
      { text: `Modification n° ${first} : Précise le premier paragraphe — remplacée`, href: `/-/review/${first}` },
    ]);

    const writer = await w.person('writer');
    const none = await w.server.page('/-/account', writer.cookie);
    assert.equal(none.document.querySelector('.my-proposals'), null);
    assert.match(none.document.querySelector('main')?.textContent ?? '', /Vous n’avez encore proposé aucune modification\./);
  } finally {
    await w.close();
  }
});
