import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MATCH_END, MATCH_START, QueryWords } from '../../src/search/matched-words.js';
import { parseQuery } from '../../src/search/query.js';

const words = (input: string) => new QueryWords(parseQuery(input) ?? assert.fail(input));
/** Marks shown as [brackets] for reading. */
const shown = (text: string) => text.replaceAll(MATCH_START, '[').replaceAll(MATCH_END, ']');

test('matched words are marked whole, whatever their case and accents, by stem or as written', () => {
  assert.equal(shown(words('logiciels').highlighted('Les Logiciels libres et le logiciel')), 'Les [Logiciels] libres et le [logiciel]');
  assert.equal(shown(words('ministerielles').highlighted('Feuilles de route ministérielles.')), 'Feuilles de route [ministérielles].');
  assert.equal(shown(words('IA').highlighted('IA, IAM et via')), '[IA], IAM et via', 'a word of two letters is matched whole');
  assert.equal(shown(words('"logiciel libre"').highlighted('un logiciel libre')), 'un [logiciel] [libre]');
  assert.equal(shown(words('libre').highlighted('délibre libres')), 'délibre [libres]', 'a word is matched from its start only');
  // A text whose length changes when folded (a decomposed accent) is marked word by word, at the right places.
  assert.equal(shown(words('ecole').highlighted('l’e\u0301cole, école')), 'l’[e\u0301cole], [école]');
});

test('a snippet shows a few words before the first match, and … where the text goes on', () => {
  const text = Array.from({ length: 60 }, (_, i) => (i === 30 ? 'Gouvernance' : `mot${i}`)).join(' ');
  const snippet = shown(words('gouvernance').snippet(text, 10));
  assert.equal(snippet, '…mot26 mot27 mot28 mot29 [Gouvernance] mot31 mot32 mot33 mot34 mot35…');
  assert.equal(shown(words('absent').snippet(text, 3)), 'mot0 mot1 mot2…', 'no match: the beginning');
  assert.equal(shown(words('mot1').snippet('mot1 et fin.', 10)), '[mot1] et fin.', 'a short text is whole');
  assert.equal(words('x').snippet('', 10), '');
  assert.equal(words('x').snippet(' — … ', 10), ' — … ');
});

test('exclusions: a word by its stem, a short word whole, in any of the texts', () => {
  assert.equal(words('note -brouillon').excludes(['Titre', 'Un Brouillons à relire']), true);
  assert.equal(words('note -brouillon').excludes(['Titre', 'Pas de brouillard']), false);
  assert.equal(words('note -brouillon').excludes(['Brouillon', '']), true);
  assert.equal(words('note -UE').excludes(['', 'la UE.']), true);
  assert.equal(words('note -UE').excludes(['', 'une queue']), false);
  assert.equal(words('note').excludes(['tout']), false, 'no exclusion excludes nothing');
});

test('hostile texts and queries: no throw, no runaway', () => {
  const hostile = ['\u0000\u0002\u0003', '\ud800', 'a'.repeat(100_000), '́́́', '( [ * + ? \\ $', 'x'.repeat(10) + '\u0301'.repeat(10)];
  for (const text of hostile) {
    for (const query of ['a', 'aaa', '"a a"', 'x -a', 'ééé']) {
      const w = words(query);
      assert.equal(typeof w.highlighted(text), 'string');
      assert.equal(typeof w.snippet(text, 24), 'string');
      assert.equal(typeof w.excludes([text]), 'boolean');
    }
  }
});
