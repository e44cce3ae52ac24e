// Large mail into the list's receiver (issue 19, fault 5): 20 MB patch mails sent over SMTP, one alone
// and then five at once, into a real review desk. A bounded server keeps nothing of them in memory
// once archived: the heap after is the heap before, whatever the count; the peak is what parsing one
// at a time costs (messages are handed over one by one). The baseline is the same run with one mail.
// Run: `node --expose-gc --import tsx bench/large-mail.ts` (or `npm run bench -- large-mail`).
import { connect } from 'node:net';
import { startListReceivers } from '../src/review/receivers.js';
import { LIST, reviewWorld } from '../test/review/desk-fixture.js';

const MB = 2 ** 20;

function patchMail(i: number, body: string): string {
  return `From: Élodie <elodie@example.org>\r\nTo: ${LIST}\r\nSubject: [PATCH] grande page ${i}\r\nMessage-ID: <large-${i}-${Date.now()}@example.org>\r\nMIME-Version: 1.0\r\n${body}\r\n.\r\n`;
}

async function send(port: number, mail: string): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  let replies = '';
  socket.on('data', (chunk: Buffer) => (replies += chunk.toString('latin1')));
  const until = async (reply: RegExp) => {
    while (!reply.test(replies)) await new Promise((resolve) => socket.once('data', resolve));
  };
  await until(/^220 /m);
  socket.write('EHLO bench\r\n');
  await until(/^250 /m);
  socket.write(`MAIL FROM:<elodie@example.org>\r\nRCPT TO:<${LIST}>\r\nDATA\r\n`);
  await until(/^354 /m);
  socket.write(mail);
  await until(/\r\n(250|552) [^\r]*\r\n$/);
  socket.end();
  return /\r\n(\d{3}) [^\r]*\r\n$/.exec(replies)?.[1] ?? '?';
}

const gc = (globalThis as { gc?: () => void }).gc;

async function measure(count: number, body: string): Promise<string> {
  const world = await reviewWorld({ 'index.md': '# Accueil\n' });
  const receivers = await startListReceivers(world.desk, { maxBytes: 25 * MB, smtp: { host: '127.0.0.1', port: 0 } }, world.opened.dataDir);
  try {
    gc?.();
    const before = process.memoryUsage();
    let peak = before.rss;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    const start = performance.now();
    const codes = await Promise.all(Array.from({ length: count }, (_, i) => send(receivers.smtp!.port, patchMail(i, body))));
    await receivers.close();
    const elapsed = performance.now() - start;
    clearInterval(timer);
    gc?.();
    const after = process.memoryUsage();
    const archived = (await world.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM list_messages'))?.n;
    return `${count} × 20 MB: ${Math.round(elapsed)} ms, answers ${[...new Set(codes)].join(',')}, archived ${archived}; rss peak +${Math.round((peak - before.rss) / MB)} MB; heap kept after ${Math.round((after.heapUsed - before.heapUsed) / MB)} MB`;
  } finally {
    await receivers.close();
    await world.cleanup();
  }
}

export async function run(): Promise<void> {
  console.log('\n== Large mail: 20 MB patches over SMTP into the review, one alone, then five at once ==');
  if (!gc) console.log('(run node with --expose-gc for the heap figures to mean something)');
  const lines = Array.from({ length: 400_000 }, (_, i) => `+ligne ${i} ${'x'.repeat(40)}`);
  const body = `Content-Type: text/plain; charset=utf-8\r\n\r\nUne grande page.\r\n---\r\ndiff --git a/grande.md b/grande.md\r\nnew file mode 100644\r\n--- /dev/null\r\n+++ b/grande.md\r\n@@ -0,0 +1,400000 @@\r\n${lines.join('\r\n')}\r\n-- \r\n2.39.5\r\n`;
  console.log(await measure(1, body));
  console.log(await measure(5, body));
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
