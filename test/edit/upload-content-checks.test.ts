// An attachment is accepted when its bytes are what its name says: office documents are zips holding the
// right entries, images and PDFs start with their signatures, text formats are UTF-8, SVGs carry nothing active.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 } from 'node:zlib';
import { checkAttachment } from '../../src/edit/attachment-check.js';
import { fileNameFromTitle, parsePagePath, parseWrittenPath } from '../../src/edit/page-name.js';
import { isRefusal } from '../../src/user-error.js';

/** A zip of stored (uncompressed) entries, in order, as office suites write them. */
function zip(entries: [string, string][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const odt = zip([['mimetype', 'application/vnd.oasis.opendocument.text'], ['content.xml', '<office:document-content/>']]);
const ods = zip([['mimetype', 'application/vnd.oasis.opendocument.spreadsheet'], ['content.xml', '<x/>']]);
const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/${main}" ContentType="${main.startsWith('word') ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'}"/></Types>`;
const docx = zip([['[Content_Types].xml', contentTypes('word/document.xml')], ['_rels/.rels', '<Relationships/>'], ['word/document.xml', '<w:document/>']]);
const xlsx = zip([['[Content_Types].xml', contentTypes('xl/workbook.xml')], ['_rels/.rels', '<Relationships/>'], ['xl/workbook.xml', '<workbook/>']]);
const plainZip = zip([['notes.txt', 'bonjour']]);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

test('real files are accepted by their content', async () => {
  assert.equal(await checkAttachment('compte-rendu.pdf', Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n')), 'accepted', 'compte-rendu.pdf');
  assert.equal(await checkAttachment('logo.PNG', png), 'accepted', 'logo.PNG');
  assert.equal(await checkAttachment('photo.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0])), 'accepted', 'photo.jpg');
  assert.equal(await checkAttachment('anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1')), 'accepted', 'anim.gif');
  assert.equal(await checkAttachment('notes.odt', odt), 'accepted', 'notes.odt');
  assert.equal(await checkAttachment('budget.ods', ods), 'accepted', 'budget.ods');
  assert.equal(await checkAttachment('rapport.docx', docx), 'accepted', 'rapport.docx');
  assert.equal(await checkAttachment('tableau.xlsx', xlsx), 'accepted', 'tableau.xlsx');
  assert.equal(await checkAttachment('données.csv', Buffer.from('\uFEFFnom;valeur\nà;1\n')), 'accepted', 'données.csv');
  assert.equal(await checkAttachment('lisez-moi.txt', Buffer.from('Bonjour\n')), 'accepted', 'lisez-moi.txt');
  assert.equal(await checkAttachment('réunions.ics', Buffer.from('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n')), 'accepted', 'réunions.ics');
  assert.equal(await checkAttachment('schéma.svg', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><rect style="fill:url(#g)" width="1" height="1"/></svg>')), 'accepted', 'schéma.svg');
});

test('files whose content is not what their name says are refused, with a reason in both languages', async () => {
  const cases: [string, Buffer, RegExp][] = [
    ['rapport.pdf', Buffer.from('<html><script>alert(1)</script></html>'), /PDF/],
    ['rapport.pdf', png, /ressemble à un fichier \.png/],
    ['logo.png', Buffer.from('%PDF-1.4'), /PNG/],
    ['notes.odt', docx, /OpenDocument/],
    ['rapport.docx', odt, /Word/],
    ['rapport.docx', plainZip, /Word/],
    ['tableau.xlsx', docx, /Excel/],
    ['données.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41]), /UTF-8/],
    ['latin1.txt', Buffer.from('caf\xe9', 'latin1'), /UTF-8/],
    ['réunions.ics', Buffer.from('hello'), /BEGIN:VCALENDAR/],
    ['vide.pdf', Buffer.alloc(0), /vide/],
    ['page.html', Buffer.from('<p>x</p>'), /pas acceptés/],
    ['script.js', Buffer.from('alert(1)'), /pas acceptés/],
    ['sans-extension', Buffer.from('x'), /pas acceptés/],
    ['tronqué.png', png.subarray(0, 4), /PNG/],
  ];
  for (const [name, content, reason] of cases) {
    const result = await checkAttachment(name, content);
    assert.ok(isRefusal(result), name);
    assert.match(result.fr, reason, name);
    assert.ok(result.en.length > 10);
  }
});

test('SVG with anything active is refused', async () => {
  const svgs = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="java\tscript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a xlink:href="javascript:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src="x"/></foreignObject></svg>',
    '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
    '<?xml-stylesheet href="evil.css"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    '<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(evil.css);</style></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/x)"/></svg>',
    '<html><body>not an svg</body></html>',
  ];
  for (const svg of svgs) assert.ok(isRefusal(await checkAttachment('x.svg', Buffer.from(svg))), svg);
});

test('file names from titles keep accents, lower case, dashes; written paths are checked', () => {
  assert.equal(fileNameFromTitle('Références & liens'), 'références-liens.md');
  assert.equal(fileNameFromTitle('Qu’est-ce que Feuillet ?'), 'qu-est-ce-que-feuillet.md');
  assert.equal(fileNameFromTitle('E\u0301te\u0301 2024'), 'été-2024.md');
  assert.equal(fileNameFromTitle('  ÉCRIRE   des pages  '), 'écrire-des-pages.md');
  assert.equal(fileNameFromTitle('!!!'), undefined);
  assert.ok((fileNameFromTitle('mot '.repeat(100)) ?? '').length <= 83);
  assert.equal(parsePagePath('guide/nouvelle page'), 'guide/nouvelle page.md');
  assert.equal(parseWrittenPath('/guide/', 'folder'), 'guide');
  for (const bad of ['../x', 'a/../../b', '.git/x', 'a/.GIT/b', 'a\\b', 'a\0b', '.cache/x', '-/x', 'a/ b', `${'x'.repeat(300)}`]) {
    assert.ok(isRefusal(parseWrittenPath(bad, 'file')), JSON.stringify(bad));
  }
  // Characters that reorder the display: `photo\u202Egpj.exe` would show as `photoexe.jpg`.
  for (const bidi of ['photo\u202Egpj.exe', 'a\u2066b/c.md', 'x\u200F.md', 'notes\u061C.pdf']) {
    const refused = parseWrittenPath(bidi, 'file');
    assert.ok(isRefusal(refused), JSON.stringify(bidi));
    if (isRefusal(refused)) assert.match(refused.en, /<U\+[0-9A-F]{4}>/, 'the message shows the character instead of obeying it');
  }
  assert.equal(parseWrittenPath('notes/فارسی\u200Cها.md', 'file'), 'notes/فارسی\u200Cها.md', 'a zero-width non-joiner is part of Persian words');
});
