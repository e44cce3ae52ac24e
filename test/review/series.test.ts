import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMessage, type ParsedMessage } from '../../src/mail/message.js';
import { groupSeries, type SeriesGroup } from '../../src/review/series.js';
import { compose } from '../mail/fixtures/compose.js';
import { LIST, PREFIX, patchRepo, withoutEnvelope, type PatchRepo } from '../mail/fixtures/git-patches.js';

const OPTIONS = { prefix: PREFIX };

async function messagesOf(mails: Buffer[]): Promise<ParsedMessage[]> {
  return Promise.all(
    mails.map(async (mail) => {
      const result = await parseMessage(withoutEnvelope(mail));
      assert.equal(result.kind, 'message');
      return result as ParsedMessage;
    }),
  );
}

async function reply(to: ParsedMessage, from: string, text: string, subject = `Re: ${to.subject}`): Promise<ParsedMessage> {
  const raw = await compose({
    from,
    to: LIST,
    subject,
    text,
    messageId: `<reply-${Math.random().toString(36).slice(2)}@example.org>`,
    inReplyTo: `<${to.messageId}>`,
    references: [...to.references, to.messageId].map((id) => `<${id}>`),
  });
  const result = await parseMessage(raw);
  assert.equal(result.kind, 'message');
  return result as ParsedMessage;
}

/** Three commits (dated 10:00, 10:05, 10:10 on 2 June 2025) on top of the first. */
function threeCommits(): PatchRepo {
  const repo = patchRepo();
  ['10:00', '10:05', '10:10'].forEach((time, i) => {
    repo.write({ [`page-${i + 1}.md`]: `Page ${i + 1}\n` });
    repo.git(['add', '--all']);
    repo.git(['commit', '--quiet', '-m', `Ajoute la page ${i + 1}`], { GIT_AUTHOR_DATE: `2025-06-02T${time}:00+02:00` });
  });
  return repo;
}

/**
 * format-patch makes Message-IDs from the commit and the second it runs in, so two runs in the same
 * second over the same commits give the same ids; a real second sending would not. Retag them.
 */
function retag(mails: Buffer[], tag: string, keep: readonly string[] = []): Buffer[] {
  const ids = /<(([0-9a-f]{40}|cover)\.\d+\.git\.[^>]+)>/g;
  return mails.map((mail) =>
    Buffer.from(
      mail
        .toString('utf8')
        .split('\n')
        .map((line) =>
          // A mail's own id always changes; the ids it answers stay when they are the older sending's.
          line.replace(ids, (whole, id: string) => (keep.includes(id) && !/^message-id:/i.test(line) ? whole : `<${tag}.${id}>`)),
        )
        .join('\n'),
    ),
  );
}

function formatSeries(repo: PatchRepo, args: string[]): Buffer[] {
  const mails = repo.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, `--to=${LIST}`, ...args]);
  return mails.map((mail) => Buffer.from(mail.toString('utf8').replace('*** SUBJECT HERE ***', 'Trois pages').replace('*** BLURB HERE ***', 'Trois pages nouvelles.')));
}

function only(groups: SeriesGroup[]): SeriesGroup {
  assert.equal(groups.length, 1, JSON.stringify(groups.map((group) => [group.id, group.kind, group.version])));
  return groups[0] as SeriesGroup;
}

test('a threaded series with a cover letter is one complete series titled by its cover letter', async () => {
  const repo = threeCommits();
  try {
    const messages = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const series = only(groupSeries(messages, OPTIONS));
    assert.equal(series.kind, 'complete');
    assert.equal(series.title, 'Trois pages');
    assert.match(series.coverLetter?.text ?? '', /Trois pages nouvelles/);
    assert.equal(series.id, messages[0]?.messageId);
    assert.deepEqual(series.patches.map((patch) => [patch.index, patch.title]), [
      [1, 'Ajoute la page 1'],
      [2, 'Ajoute la page 2'],
      [3, 'Ajoute la page 3'],
    ]);
    assert.deepEqual([series.version, series.total, series.rfc, series.prefixes], [1, 3, false, [PREFIX]]);
    assert.deepEqual(series.messageIds, messages.map((message) => message.messageId));
    assert.equal(series.sender.address, 'elodie@example.org');
    assert.equal(series.date?.toISOString(), '2025-06-02T08:00:00.000Z');
  } finally {
    repo.cleanup();
  }
});

test('deep threading (each patch answering the previous) and no cover letter', async () => {
  const repo = threeCommits();
  try {
    const series = only(groupSeries(await messagesOf(formatSeries(repo, ['--thread=deep', 'HEAD~3'])), OPTIONS));
    assert.equal(series.kind, 'complete');
    assert.equal(series.coverLetter, undefined);
    assert.equal(series.title, 'Ajoute la page 1');
  } finally {
    repo.cleanup();
  }
});

test('unthreaded parts join by sender, version and total within the time window', async () => {
  const repo = threeCommits();
  try {
    const messages = await messagesOf(formatSeries(repo, ['--no-thread', 'HEAD~3']));
    assert.ok(messages.every((message) => message.inReplyTo === undefined && message.references.length === 0));
    assert.equal(only(groupSeries(messages, OPTIONS)).kind, 'complete');
    const apart = groupSeries(messages, { ...OPTIONS, windowMinutes: 4 });
    assert.deepEqual(apart.map((group) => group.kind), ['incomplete', 'incomplete', 'incomplete']);
  } finally {
    repo.cleanup();
  }
});

test('a series missing a part is kept and says which parts are missing', async () => {
  const repo = threeCommits();
  try {
    const messages = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const series = only(groupSeries(messages.filter((_, i) => i !== 2), OPTIONS));
    assert.equal(series.kind, 'incomplete');
    if (series.kind === 'incomplete') assert.deepEqual(series.missing, [2]);
    assert.deepEqual(series.patches.map((patch) => patch.index), [1, 3]);
    const coverOnly = only(groupSeries(messages.slice(0, 1), OPTIONS));
    assert.deepEqual(coverOnly.kind === 'incomplete' && coverOnly.missing, [1, 2, 3]);
  } finally {
    repo.cleanup();
  }
});

test('routing: only patches naming this wiki become series; the rest is discussion', async () => {
  const repo = threeCommits();
  try {
    const other = await messagesOf(retag(repo.formatPatch(['--subject-prefix=PATCH autre-wiki', '--thread=shallow', 'HEAD~3']), 'other'));
    const bare = await messagesOf(retag(repo.formatPatch(['--thread=shallow', '-1']), 'bare'));
    const mine = await messagesOf(formatSeries(repo, ['--thread=shallow', '-1']));
    const discussion = await reply(mine[0] as ParsedMessage, 'Bob <bob@example.org>', 'Merci !');
    const groups = groupSeries([...other, ...bare, ...mine, discussion], OPTIONS);
    const series = only(groups);
    assert.deepEqual(series.discussion, [discussion.messageId]);
    assert.equal(only(groupSeries([...other, ...mine], { prefix: 'autre-wiki' })).total, 3);
  } finally {
    repo.cleanup();
  }
});

test('replies carry follow-up trailers to the patch they answer, or to every patch from the cover letter', async () => {
  const repo = threeCommits();
  try {
    const messages = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const [cover, , second] = messages as [ParsedMessage, ParsedMessage, ParsedMessage];
    const review = await reply(second, 'Bob Martin <bob@example.org>', '> +Page 2\n\nBien.\n\nReviewed-by: Bob Martin <bob@example.org>\nTested-by: Chloé <chloe@example.org>\n');
    const answer = await reply(review, 'Élodie Dupré <elodie@example.org>', 'Merci Bob.\n');
    const ack = await reply(cover, 'Dana <dana@example.org>', 'Acked-by: Dana <dana@example.org>\n');
    const series = only(groupSeries([...messages, review, answer, ack], OPTIONS));
    const trailers = series.patches.map((patch) => patch.followUpTrailers.map(({ trailer }) => `${trailer.key}: ${trailer.value}`));
    assert.deepEqual(trailers, [
      ['Acked-by: Dana <dana@example.org>'],
      ['Reviewed-by: Bob Martin <bob@example.org>', 'Acked-by: Dana <dana@example.org>'],
      ['Acked-by: Dana <dana@example.org>'],
    ]);
    assert.equal(series.patches[1]?.followUpTrailers[0]?.messageId, review.messageId);
    assert.deepEqual(series.discussion, [review.messageId, answer.messageId, ack.messageId].sort((a, b) => series.discussion.indexOf(a) - series.discussion.indexOf(b)));
    assert.equal(series.discussion.length, 3);
    assert.deepEqual(series.refusedTrailers.map((refusal) => [refusal.code, refusal.messageId]), [['not-from-sender', review.messageId]]);
  } finally {
    repo.cleanup();
  }
});

test('v2 in a new thread supersedes v1 (same title), both linked', async () => {
  const repo = threeCommits();
  try {
    const v1 = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    repo.commit('Ajoute la page 3', { 'page-3.md': 'Page 3, revue\n' });
    const v2 = await messagesOf(retag(formatSeries(repo, ['-v2', '--cover-letter', '--thread=shallow', 'HEAD~4']), 'v2'));
    const groups = groupSeries([...v2, ...v1], OPTIONS);
    assert.equal(groups.length, 2);
    const [older, newer] = groups as [SeriesGroup, SeriesGroup];
    assert.deepEqual([older.version, newer.version], [1, 2]);
    assert.equal(older.supersededBy, newer.id);
    assert.equal(newer.supersedes, older.id);
    assert.equal(newer.total, 4);
    assert.equal(newer.kind, 'complete');
  } finally {
    repo.cleanup();
  }
});

test('v2 sent into the v1 thread supersedes it even with another title', async () => {
  const repo = threeCommits();
  try {
    const v1 = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const v1Cover = (v1[0] as ParsedMessage).messageId;
    const v2Mails = repo
      .formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', '--cover-letter', '--thread=shallow', `--in-reply-to=${v1Cover}`, 'HEAD~3'])
      .map((mail) => Buffer.from(mail.toString('utf8').replace('*** SUBJECT HERE ***', 'Autre titre')));
    const v2 = await messagesOf(retag(v2Mails, 'v2', [v1Cover]));
    const groups = groupSeries([...v1, ...v2], OPTIONS);
    assert.deepEqual(groups.map((group) => [group.version, group.kind, group.title]), [
      [1, 'complete', 'Trois pages'],
      [2, 'complete', 'Autre titre'],
    ]);
    assert.equal(groups[0]?.supersededBy, groups[1]?.id);
    assert.deepEqual(groups[0]?.discussion, [], 'the v2 mails are a series, not discussion of v1');
  } finally {
    repo.cleanup();
  }
});

test('a single re-sent patch (v2 3/3 in reply to v1) makes a complete v2 from v1’s other parts', async () => {
  const repo = threeCommits();
  try {
    const v1 = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const v1Third = v1[3] as ParsedMessage;
    const ack = await reply(v1[1] as ParsedMessage, 'Bob <bob@example.org>', 'Acked-by: Bob <bob@example.org>\n');
    repo.git(['commit', '--quiet', '--amend', '-m', 'Ajoute la page 3, corrigée']);
    const [resent] = await messagesOf(
      retag(repo.formatPatch([`--subject-prefix=PATCH ${PREFIX}`, '-v2', '--start-number=3', '--numbered', `--in-reply-to=${v1Third.messageId}`, '-1']), 'v2', [v1Third.messageId]),
    );
    assert.ok(resent);
    assert.match(resent.subject, /v2 3\/3/);
    const groups = groupSeries([...v1, ack, resent], OPTIONS);
    assert.equal(groups.length, 2);
    const [older, newer] = groups as [SeriesGroup, SeriesGroup];
    assert.equal(newer.kind, 'complete');
    assert.equal(newer.version, 2);
    assert.equal(newer.supersedes, older.id);
    assert.equal(older.supersededBy, newer.id);
    assert.deepEqual(newer.patches.map((patch) => [patch.index, patch.inheritedFrom, patch.messageId]), [
      [1, older.id, v1[1]?.messageId],
      [2, older.id, v1[2]?.messageId],
      [3, undefined, resent.messageId],
    ]);
    assert.equal(newer.coverLetter?.inheritedFrom, older.id);
    assert.equal(newer.title, 'Trois pages');
    assert.deepEqual(newer.messageIds, [resent.messageId]);
    assert.deepEqual(newer.patches[0]?.followUpTrailers.map(({ trailer }) => trailer.key), ['Acked-by'], 'trailers on the reused patch follow it');
    assert.deepEqual(newer.patches[2]?.followUpTrailers, []);
  } finally {
    repo.cleanup();
  }
});

test('no superseding across senders or between unrelated patches', async () => {
  const repo = threeCommits();
  try {
    const mine = await messagesOf(formatSeries(repo, ['--thread=shallow', '-1']));
    const theirs = await messagesOf(
      retag(formatSeries(repo, ['-v2', '--thread=shallow', '-1'], ), 'autre').map((mail) => Buffer.from(mail.toString('utf8').replace(/^From: .*$/m, 'From: Zoé <zoe@example.org>'))),
    );
    const groups = groupSeries([...mine, ...theirs], OPTIONS);
    assert.equal(groups.length, 2);
    assert.ok(groups.every((group) => group.supersedes === undefined && group.supersededBy === undefined));
    const unrelated = await messagesOf(retag(formatSeries(repo, ['-v2', '--thread=shallow', 'HEAD~2..HEAD~1']), 'u'));
    const both = groupSeries([...mine, ...unrelated], OPTIONS);
    assert.ok(both.every((group) => group.supersedes === undefined), 'different titles, no shared thread');
  } finally {
    repo.cleanup();
  }
});

test('a RESEND of the same version whose mails all answer the first cover letter stays a series of its own and supersedes it', async () => {
  const repo = threeCommits();
  try {
    const first = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    const firstCover = (first[0] as ParsedMessage).messageId;
    const resendMails = formatSeries(repo, [`--subject-prefix=RESEND PATCH ${PREFIX}`, '--cover-letter', '--thread=shallow', `--in-reply-to=${firstCover}`, 'HEAD~3']).map((mail) =>
      Buffer.from(mail.toString('utf8').replace(/^Date: .*$/gm, 'Date: Mon, 2 Jun 2025 14:00:00 +0200')),
    );
    const resend = await messagesOf(retag(resendMails, 'resend', [firstCover]));
    const groups = groupSeries([...first, ...resend], OPTIONS);
    assert.equal(groups.length, 2);
    assert.ok(groups.every((group) => group.kind === 'complete' && group.version === 1));
    assert.equal(groups[0]?.supersededBy, groups[1]?.id);
  } finally {
    repo.cleanup();
  }
});

test('duplicates, replies holding diffs and hostile numbers', async () => {
  const repo = threeCommits();
  try {
    const messages = await messagesOf(formatSeries(repo, ['--cover-letter', '--thread=shallow', 'HEAD~3']));
    assert.equal(only(groupSeries([...messages, ...messages], OPTIONS)).patches.length, 3);
    const withDiff = await reply(messages[1] as ParsedMessage, 'Bob <bob@example.org>', (messages[2] as ParsedMessage).text);
    assert.ok(withDiff.patch && withDiff.patch.files.length > 0);
    const series = only(groupSeries([...messages, withDiff], OPTIONS));
    assert.deepEqual(series.discussion, [withDiff.messageId]);

    const [single] = formatSeries(repo, ['--thread=shallow', '-1']);
    const [lonely] = await messagesOf([Buffer.from((single as Buffer).toString('utf8').replace(/^Subject: .*$/m, `Subject: [PATCH ${PREFIX} 1/9999] Seul`))]);
    const incomplete = only(groupSeries([lonely as ParsedMessage], OPTIONS));
    assert.equal(incomplete.kind === 'incomplete' && incomplete.missing.length, 9998);
  } finally {
    repo.cleanup();
  }
});

test('thousands of single patches from one sender, unthreaded or answering one message, stay separate series', async () => {
  const repo = patchRepo();
  try {
    const [mail] = formatSeries(repo, ['--root', '-1']);
    const base = await messagesOf([mail as Buffer]);
    const template = base[0] as ParsedMessage;
    const many = Array.from({ length: 2000 }, (_, i) => ({ ...template, messageId: `m${i}@example.org`, date: new Date(Date.UTC(2025, 5, 2, 8, 0, i % 60)) }));
    const groups = groupSeries(many, OPTIONS);
    assert.equal(groups.length, 2000);
    assert.ok(groups.every((group) => group.kind === 'complete'));
    const answeringOne = many.map((message) => ({ ...message, inReplyTo: 'une-discussion@example.org', references: ['une-discussion@example.org'] }));
    assert.equal(groupSeries(answeringOne, OPTIONS).length, 2000);
  } finally {
    repo.cleanup();
  }
});
