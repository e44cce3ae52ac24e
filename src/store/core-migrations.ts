import type { Migration } from './migrate.js';
import { identityColumn } from './migrate.js';

/**
 * The tables for people and access (used by `auth/`). Times are ISO 8601 UTC text, booleans 0/1
 * (see `db.ts`). Emails are unique through `email_key`, the normalised address computed by
 * `auth/email-address.ts`, so the rule is the same on SQLite and PostgreSQL and for all of Unicode.
 */
export const coreMigrations: readonly Migration[] = [
  {
    id: '202611290300_accounts',
    async up(tx) {
      const id = identityColumn(tx.dialect);
      await tx.exec(`
        CREATE TABLE users (
          id ${id},
          email TEXT NOT NULL,
          email_key TEXT NOT NULL UNIQUE,
          display_name TEXT NOT NULL,
          password_hash TEXT,
          role TEXT NOT NULL CHECK (role IN ('reader', 'contributor', 'writer', 'maintainer', 'admin')),
          disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
          email_confirmed INTEGER NOT NULL DEFAULT 0 CHECK (email_confirmed IN (0, 1)),
          created_at TEXT NOT NULL
        );
        CREATE INDEX users_role ON users (role);

        CREATE TABLE oidc_identities (
          issuer TEXT NOT NULL,
          subject TEXT NOT NULL,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          email TEXT,
          created_at TEXT NOT NULL,
          last_used_at TEXT NOT NULL,
          PRIMARY KEY (issuer, subject)
        );
        CREATE INDEX oidc_identities_user ON oidc_identities (user_id);

        CREATE TABLE sessions (
          id ${id},
          token_hash TEXT NOT NULL UNIQUE,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          last_seen_at TEXT NOT NULL,
          ip TEXT
        );
        CREATE INDEX sessions_user ON sessions (user_id);
        CREATE INDEX sessions_expires ON sessions (expires_at);

        CREATE TABLE access_tokens (
          id ${id},
          token_hash TEXT NOT NULL UNIQUE,
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          name TEXT NOT NULL,
          hint TEXT NOT NULL,
          created_at TEXT NOT NULL,
          last_used_at TEXT,
          revoked_at TEXT
        );
        CREATE INDEX access_tokens_user ON access_tokens (user_id);

        CREATE TABLE email_tokens (
          id ${id},
          token_hash TEXT NOT NULL UNIQUE,
          purpose TEXT NOT NULL CHECK (purpose IN ('confirm-email', 'reset-password')),
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          email TEXT NOT NULL,
          created_at TEXT NOT NULL,
          expires_at TEXT NOT NULL,
          used_at TEXT
        );
        CREATE INDEX email_tokens_user ON email_tokens (user_id, purpose);

        CREATE TABLE access_requests (
          id ${id},
          user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
          message TEXT NOT NULL,
          state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'granted', 'refused')),
          created_at TEXT NOT NULL,
          decided_at TEXT,
          decided_by INTEGER REFERENCES users (id),
          reason TEXT,
          role_granted TEXT CHECK (role_granted IN ('writer', 'maintainer')),
          CHECK ((state = 'pending' AND decided_at IS NULL) OR (state <> 'pending' AND decided_at IS NOT NULL)),
          CHECK ((state = 'granted') = (role_granted IS NOT NULL))
        );
        CREATE UNIQUE INDEX access_requests_one_pending ON access_requests (user_id) WHERE state = 'pending';
        CREATE INDEX access_requests_state ON access_requests (state, created_at);

        CREATE TABLE audit_log (
          id ${id},
          at TEXT NOT NULL,
          actor_id INTEGER,
          action TEXT NOT NULL,
          target TEXT,
          details TEXT NOT NULL DEFAULT '{}',
          ip TEXT
        );
        CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
        CREATE INDEX audit_log_action ON audit_log (action, id);

        CREATE TABLE rate_limit_hits (
          id ${id},
          bucket TEXT NOT NULL,
          subject TEXT NOT NULL,
          at TEXT NOT NULL
        );
        CREATE INDEX rate_limit_hits_subject ON rate_limit_hits (bucket, subject, at);
        CREATE INDEX rate_limit_hits_at ON rate_limit_hits (at);
      `);
      // audit_log.actor_id has no foreign key on purpose: the log outlives the accounts it mentions.
    },
  },
  {
    id: '202612080000_server_secret',
    async up(tx) {
      // Used on PostgreSQL only, where several instances share the database (see auth/secret.ts); made on
      // both so that the schema does not depend on the database.
      await tx.exec(`
        CREATE TABLE server_secret (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          secret_hex TEXT NOT NULL,
          created_at TEXT NOT NULL
        );
      `);
    },
  },
];
