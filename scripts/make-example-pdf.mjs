#!/usr/bin/env node
// Writes example/docs/aide-memoire.pdf, the one-page cheat sheet attached to the bundled manual:
//   node scripts/make-example-pdf.mjs [OUT]
//
// The PDF (version 1.4) is written by hand: for one static page of text in the standard fonts, the file
// format is a few objects and a cross-reference table of byte offsets, and a PDF library would be a
// dependency for nothing. The output is deterministic (no dates), so running the script again gives the
// same bytes as the committed file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = process.argv[2] ?? fileURLToPath(new URL('../example/docs/aide-memoire.pdf', import.meta.url));

// A4 in points, with 2 cm margins.
const PAGE = { width: 595, height: 842 };
const LEFT = 56;
const SECOND_COLUMN = 310;

/** One line of the page: text in a font at a size, at a height; `at` is the left edge (default: margin). */
const lines = [];
let y = 782;
const put = (font, size, text, at = LEFT) => lines.push({ font, size, text, x: at, y });
const down = (points) => {
  y -= points;
};

put('bold', 20, 'Feuillet — aide-mémoire');
down(20);
put('regular', 10.5, 'Un wiki dont les pages sont des fichiers Markdown dans un dépôt git.');
down(14);
put('regular', 10.5, 'Lecture publique, propositions par courriel ou depuis le navigateur, relecture, export statique.');
down(12);
const RULE_Y = y;
down(24);

/** A titled block of two-column rows: a command (Courier) and what it does (Helvetica). */
function section(title, rows) {
  put('bold', 13, title);
  down(18);
  for (const [command, meaning] of rows) {
    put('mono', 9, command);
    put('regular', 9.5, meaning, SECOND_COLUMN);
    down(14);
  }
  down(12);
}

section('Lire et publier', [
  ['npm install && npm start', 'sert ce manuel sur http://127.0.0.1:8080/'],
  ['npx feuillet serve DÉPÔT', 'sert la branche publiée d’un dépôt git'],
  ['npx feuillet serve --worktree DOSSIER', 'aperçu des fichiers pas encore commités'],
  ['npx feuillet init DOSSIER', 'fait d’un dossier un dépôt git'],
  ['npx feuillet check DÉPÔT --strict', 'liens cassés, une ligne « chemin:ligne: message »'],
  ['npx feuillet build DÉPÔT --out site', 'le wiki entier en site statique'],
]);

section('Écrire une page', [
  ['---  title: …  toc: …  ---', 'en-tête YAML : title, toc, description, lang'],
  ['# Section', 'titre de niveau 2, ancre #section'],
  ['[le guide](dossier/guide.md)', 'un lien vise un fichier, pas une adresse'],
  ['dossier/index.md', 'est publié à l’adresse /dossier/'],
  ['dossier/page.md', 'est publié à l’adresse /dossier/page'],
  ['[PDF](docs/aide-memoire.pdf)', 'une pièce jointe, servie telle quelle'],
]);

section('Proposer une modification par courriel', [
  ['git clone ADRESSE-DU-WIKI', 'une copie locale du wiki'],
  ['git config format.subjectPrefix \'PATCH nom\'', 'une fois : désigne le wiki visé'],
  ['git commit -a -m "Corrige le guide"', 'enregistre la modification'],
  ['git format-patch origin/main', 'un fichier .patch par commit'],
  ['git send-email --to=LISTE *.patch', 'envoie les correctifs à la liste'],
  ['git format-patch -v2 --cover-letter', 'nouvelle version d’une série, avec sa lettre'],
]);

section('Relire et appliquer (mainteneurs)', [
  ['/-/review/', 'propositions, différences, aperçu des pages'],
  ['git am -3', 'applique une série en gardant son auteur'],
]);

down(6);
put('regular', 8.5, 'Manuel de Feuillet — Licence Ouverte 2.0 — https://www.etalab.gouv.fr/licence-ouverte-open-licence/');

// Bytes 0x80–0x9F of WinAnsiEncoding (PDF 1.7, annex D); the rest of its upper half is Latin-1.
const WIN_ANSI_HIGH = new Map(
  [
    [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86],
    [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c],
    [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
    [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
    [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
  ],
);

/** A PDF literal string in WinAnsiEncoding, every byte outside printable ASCII written as an octal escape. */
function winAnsiLiteral(text) {
  let out = '(';
  for (const char of text) {
    const code = char.codePointAt(0);
    const byte = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : WIN_ANSI_HIGH.get(code);
    if (byte === undefined) throw new Error(`not in WinAnsiEncoding: ${char} (U+${code.toString(16)})`);
    if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += char;
  }
  return `${out})`;
}

/** A PDF text string for the document information (UTF-16BE with a byte order mark, as hex). */
function utf16Hex(text) {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

const FONT_RESOURCE = { regular: 'F1', bold: 'F2', mono: 'F3' };
const content = [
  '0.6 w 0.35 0.35 0.35 RG',
  `${LEFT} ${RULE_Y} m ${PAGE.width - LEFT} ${RULE_Y} l S`,
  ...lines.map((l) => `BT /${FONT_RESOURCE[l.font]} ${l.size} Tf ${l.x} ${l.y} Td ${winAnsiLiteral(l.text)} Tj ET`),
].join('\n');

const font = (base) => `<< /Type /Font /Subtype /Type1 /BaseFont /${base} /Encoding /WinAnsiEncoding >>`;
// Object n is objects[n - 1]; every content byte is ASCII, so string length is byte length.
const objects = [
  '<< /Type /Catalog /Pages 2 0 R /Lang (fr-FR) >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] ` +
    '/Resources << /Font << /F1 4 0 R /F2 5 0 R /F3 6 0 R >> >> /Contents 7 0 R >>',
  font('Helvetica'),
  font('Helvetica-Bold'),
  font('Courier'),
  `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  `<< /Title ${utf16Hex('Feuillet — aide-mémoire')} /Author ${utf16Hex('Manuel de Feuillet')} ` +
    `/Subject ${utf16Hex('Les commandes et la syntaxe à garder sous la main')} /Producer (scripts/make-example-pdf.mjs) >>`,
];

// The header's second line holds bytes above 127 so that tools treat the file as binary (PDF 1.7, 7.5.2).
const chunks = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
let offset = chunks[0].length;
const offsets = [];
objects.forEach((body, i) => {
  offsets.push(offset);
  const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
  chunks.push(chunk);
  offset += chunk.length;
});
// Each cross-reference entry is exactly 20 bytes: 10-digit offset, generation, type, then " \n" as its 2-byte end.
const xref = [
  'xref',
  `0 ${objects.length + 1}`,
  '0000000000 65535 f \n' + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join(''),
].join('\n');
const trailer = `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${offset}\n%%EOF\n`;
chunks.push(Buffer.from(`${xref}${trailer}`, 'latin1'));

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, Buffer.concat(chunks));
console.log(`${OUT}: ${Buffer.concat(chunks).length} octets`);
