/* global URLSearchParams */
// Search on a static site (written by `feuillet build` beside manifest.json): reads ?q= and shows the
// results under the search form, loading only the index shards of the words asked and the descriptions
// of the pages shown. Words are folded (case, accents) and stemmed as the live server does.
import { stemmer } from './stem-fr.js';

const here = new URL('./', import.meta.url);
const RESULTS = 20;
const cache = new Map();

function load(name) {
  if (!cache.has(name)) cache.set(name, fetch(new URL(name, here)).then((r) => (r.ok ? r.json() : null)));
  return cache.get(name);
}

const fold = (word) => word.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
const wordsOf = (text) => text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) || [];
const shardOf = (term) => [...term].slice(0, 2).join('').padEnd(2, '_');

function stemOf(word) {
  const lower = word.toLowerCase();
  const stem = fold(stemmer(lower));
  return stem.length >= 3 || stem.length >= lower.length ? stem : fold(lower);
}

/** Pages holding a term starting with one of the prefixes, with their scores. */
async function postings(manifest, prefixes) {
  const scores = new Map();
  for (const prefix of prefixes) {
    const file = manifest.shards[shardOf(prefix)];
    const shard = file ? await load(file) : null;
    if (!shard) continue;
    for (const term of Object.keys(shard)) {
      // A word of one or two letters is matched whole, as the live server does (a one-letter prefix would
      // need every shard of that letter).
      if (prefix.length < 3 ? term !== prefix : !term.startsWith(prefix)) continue;
      const list = shard[term];
      for (let i = 0; i < list.length; i += 2) scores.set(list[i], (scores.get(list[i]) || 0) + list[i + 1]);
    }
  }
  return scores;
}

export async function search(query) {
  const manifest = await load('manifest.json');
  const stop = new Set(manifest.stopWords);
  const all = wordsOf(query.replace(/(^|\s)-\S+/g, ' '));
  const words = all.filter((w) => !stop.has(fold(w))).length > 0 ? all.filter((w) => !stop.has(fold(w))) : all;
  if (words.length === 0) return [];
  let ranked = null;
  for (const word of words.slice(0, 8)) {
    const folded = fold(word);
    const stem = stemOf(word);
    const scores = await postings(manifest, folded.startsWith(stem) ? [stem] : [stem, folded]);
    const rarity = Math.log(1 + manifest.docs / (1 + scores.size));
    const next = new Map();
    for (const [doc, score] of scores) if (!ranked || ranked.has(doc)) next.set(doc, (ranked ? ranked.get(doc) : 0) + score * rarity);
    ranked = next;
  }
  const best = [...ranked].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, RESULTS);
  return Promise.all(
    best.map(async ([doc]) => {
      const chunk = await load(`docs-${Math.floor(doc / manifest.docsPerChunk)}.json`);
      const [url, title, crumbs, excerpt] = chunk[doc % manifest.docsPerChunk];
      return { url, title, crumbs, excerpt };
    }),
  );
}

function show(output, results, none) {
  output.textContent = '';
  if (results.length === 0) {
    const p = document.createElement('p');
    p.className = 'search-none';
    p.textContent = none;
    output.appendChild(p);
    return;
  }
  const list = document.createElement('ol');
  list.className = 'search-results';
  for (const result of results) {
    const item = document.createElement('li');
    const heading = document.createElement('h2');
    heading.className = 'search-result-title';
    const link = document.createElement('a');
    link.href = result.url;
    link.textContent = result.title;
    heading.appendChild(link);
    item.appendChild(heading);
    for (const [text, cls] of [[result.crumbs, 'search-result-crumbs'], [`${result.excerpt}…`, 'search-result-snippet']]) {
      if (!text) continue;
      const p = document.createElement('p');
      p.className = cls;
      p.textContent = text;
      item.appendChild(p);
    }
    list.appendChild(item);
  }
  output.appendChild(list);
}

const form = typeof document === 'undefined' ? null : document.querySelector('form[data-static-search]');
if (form) {
  const output = document.querySelector('.search-output');
  const input = form.querySelector('input[type="search"]');
  const none = form.getAttribute('data-none') || '';
  let asked = 0;
  const run = async () => {
    const mine = ++asked;
    const results = input.value.trim() ? await search(input.value) : [];
    if (mine === asked) show(output, results, input.value.trim() ? none : '');
  };
  input.value = new URLSearchParams(window.location.search).get('q') || '';
  input.addEventListener('input', run);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    window.history.replaceState(null, '', `?q=${encodeURIComponent(input.value)}`);
    run();
  });
  if (input.value) run();
}
