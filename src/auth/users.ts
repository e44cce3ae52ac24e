/** Account rows: the `User` other code sees (never the password hash), the queries that find one, and the insert. */
import type { Db } from '../store/db.js';
import { parseEmailAddress } from './email-address.js';
import type { Role } from './roles.js';

export interface User {
  readonly id: number;
  readonly email: string;
  readonly displayName: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly emailConfirmed: boolean;
  /** False for accounts made by an identity provider that never set a password. */
  readonly hasPassword: boolean;
  readonly createdAt: Date;
}

/** The columns of `users` as stored. */
export interface UserRow {
  id: number;
  email: string;
  email_key: string;
  display_name: string;
  password_hash: string | null;
  role: Role;
  disabled: number;
  email_confirmed: number;
  created_at: string;
}

export const USER_COLUMNS = 'id, email, email_key, display_name, password_hash, role, disabled, email_confirmed, created_at';

/** `USER_COLUMNS` qualified by a table alias, for joins. */
export function userColumnsOf(alias: string): string {
  return USER_COLUMNS.split(', ').map((column) => `${alias}.${column}`).join(', ');
}

export function userFromRow(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    emailConfirmed: row.email_confirmed === 1,
    hasPassword: row.password_hash !== null,
    createdAt: new Date(row.created_at),
  };
}

/** Adds an account (the caller has validated every field). */
export async function insertUser(
  tx: Db,
  fields: { email: string; key: string; displayName: string; passwordHash: string | null; role: Role; emailConfirmed: boolean },
  now: Date,
): Promise<UserRow> {
  const row = await tx.get<UserRow>(
    `INSERT INTO users (email, email_key, display_name, password_hash, role, disabled, email_confirmed, created_at)
     VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING ${USER_COLUMNS}`,
    [fields.email, fields.key, fields.displayName, fields.passwordHash, fields.role, fields.emailConfirmed ? 1 : 0, now.toISOString()],
  );
  return row!;
}

export async function userRowById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`, [id]);
}

export async function userRowByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const parsed = parseEmailAddress(email);
  if (!parsed) return undefined;
  return db.get<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE email_key = ?`, [parsed.key]);
}

export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const row = await userRowById(db, id);
  return row && userFromRow(row);
}

/** Case-insensitive, and insensitive to the ways of writing the same address (`parseEmailAddress`). */
export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await userRowByEmail(db, email);
  return row && userFromRow(row);
}

export interface UserListOptions {
  role?: Role;
  limit?: number;
  offset?: number;
}

/** Accounts in address order, for the admin page and `feuillet user list`. */
export async function listUsers(db: Db, options: UserListOptions = {}): Promise<User[]> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 1), 1000);
  const offset = Math.max(Math.trunc(options.offset ?? 0), 0);
  const rows = options.role
    ? await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE role = ? ORDER BY email_key LIMIT ? OFFSET ?`, [options.role, limit, offset])
    : await db.all<UserRow>(`SELECT ${USER_COLUMNS} FROM users ORDER BY email_key LIMIT ? OFFSET ?`, [limit, offset]);
  return rows.map(userFromRow);
}
