/** What a signed-in person changes about themselves on their account page (the password aside: accounts.ts). */
import { appendAudit } from './audit.js';
import type { AuthContext } from './context.js';
import { authErrors } from './errors.js';
import { displayName } from './user-text.js';
import { type User, userFromRow, userRowById } from './users.js';

/** Sets the name shown on pages, in commits and in mails; audit-logged with the old and new names. */
export async function changeDisplayName(ctx: AuthContext, userId: number, name: unknown, ip: string | null): Promise<User> {
  const next = displayName(name);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const row = await userRowById(tx, userId);
    if (!row || row.disabled === 1) throw authErrors.forbidden();
    if (row.display_name === next) return userFromRow(row);
    await tx.run('UPDATE users SET display_name = ? WHERE id = ?', [next, userId]);
    await appendAudit(tx, now, { actorId: userId, action: 'account.name-changed', target: `user:${userId}`, details: { from: row.display_name, to: next }, ip });
    return userFromRow({ ...row, display_name: next });
  });
}
