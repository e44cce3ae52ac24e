/**
 * The tables of the list archive and of proposed changes. Received mail is kept whole (`raw`), with
 * its parsed form beside it so that regrouping series never parses mail again. Times are ISO 8601 UTC
 * text, booleans 0/1, JSON as text (see store/db.ts).
 */
import { identityColumn, type Migration } from '../store/migrate.js';

export const reviewMigrations: readonly Migration[] = [
  {
    id: '202612010900_list_archive_and_changes',
    async up(tx) {
      const id = identityColumn(tx.dialect);
      const bytes = tx.dialect === 'sqlite' ? 'BLOB' : 'BYTEA';
      await tx.exec(`
        CREATE TABLE list_messages (
          id ${id},
          message_id TEXT NOT NULL UNIQUE,
          thread_id TEXT NOT NULL,
          in_reply_to TEXT,
          from_name TEXT NOT NULL,
          from_address TEXT NOT NULL,
          subject TEXT NOT NULL,
          sent_at TEXT,
          received_at TEXT NOT NULL,
          source TEXT NOT NULL,
          kind TEXT NOT NULL CHECK (kind IN ('patch', 'cover-letter', 'discussion')),
          refusal TEXT,
          parsed_version INTEGER NOT NULL,
          parsed TEXT NOT NULL,
          raw ${bytes} NOT NULL
        );
        CREATE INDEX list_messages_thread ON list_messages (thread_id, id);
        CREATE INDEX list_messages_received ON list_messages (received_at, id);

        CREATE TABLE changes (
          id ${id},
          series_id TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('proposed', 'needs-revision', 'approved', 'rejected', 'applied', 'superseded')),
          title TEXT NOT NULL,
          sender_name TEXT NOT NULL,
          sender_address TEXT NOT NULL,
          version INTEGER NOT NULL,
          total INTEGER NOT NULL,
          complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
          prefixes TEXT NOT NULL,
          sent_at TEXT,
          supersedes INTEGER,
          superseded_by INTEGER,
          series TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX changes_series ON changes (series_id);
        CREATE INDEX changes_state ON changes (state, id);
        CREATE INDEX changes_sender ON changes (sender_address, id);

        CREATE TABLE change_messages (
          message_id TEXT PRIMARY KEY,
          change_id INTEGER NOT NULL
        );
        CREATE INDEX change_messages_change ON change_messages (change_id);

        CREATE TABLE change_aliases (
          number INTEGER PRIMARY KEY,
          change_id INTEGER NOT NULL
        );

        CREATE TABLE change_events (
          id ${id},
          change_id INTEGER NOT NULL,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          via TEXT NOT NULL CHECK (via IN ('web', 'mail', 'cli', 'automatic')),
          from_state TEXT,
          to_state TEXT,
          note TEXT NOT NULL DEFAULT '',
          message_id TEXT
        );
        CREATE INDEX change_events_change ON change_events (change_id, id);

        CREATE TABLE applied_patches (
          change_id INTEGER NOT NULL,
          message_id TEXT NOT NULL,
          commit_id TEXT NOT NULL,
          applied_at TEXT NOT NULL,
          applied_by TEXT NOT NULL,
          PRIMARY KEY (change_id, message_id)
        );
      `);
      // No foreign keys between changes: merging two changes into one moves their rows in one
      // transaction, and change numbers stay meaningful (aliases) after the merge.
    },
  },
  {
    // Mail that was received (answered 250, kept in the spool) but is no message the archive can file.
    id: '202612070200_rejected_mail',
    async up(tx) {
      await tx.exec(`
        CREATE TABLE rejected_mail (
          id ${identityColumn(tx.dialect)},
          digest TEXT NOT NULL UNIQUE,
          received_at TEXT NOT NULL,
          source TEXT NOT NULL,
          code TEXT NOT NULL,
          size INTEGER NOT NULL,
          sender TEXT NOT NULL,
          subject TEXT NOT NULL,
          file TEXT
        );
        CREATE INDEX rejected_mail_received ON rejected_mail (received_at);
      `);
    },
  },
];
