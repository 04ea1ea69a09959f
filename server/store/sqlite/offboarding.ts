/**
 * Offboarding in SQLite (core/ports/store.ts removeUser): the row stays (history names it), its principal is
 * renamed to something no token or OPENID can be, so the person's next request finds no user, and removed_at
 * (migration 61) keeps them out of a unit's contacts and the reminders.
 */
import type Database from 'better-sqlite3';
import type { Instant, User, UserRole } from '../../../core/model';

interface Row {
  id: string;
  principal: string;
  unit_id: string;
  role: string;
  name: string | null;
  created_at: string;
  removed_at: string | null;
}

export function removeUserRow(db: Database.Database, userId: string, at: Instant): User | null {
  return db.transaction((): User | null => {
    const r = db.prepare(`SELECT * FROM users WHERE id = ?`).get(userId) as Row | undefined;
    if (!r || r.removed_at) return null;
    db.prepare(`UPDATE users SET principal = ?, removed_at = ?, former_principal = ? WHERE id = ?`).run(
      `removed:${r.id}:${r.principal}`,
      at,
      r.principal,
      r.id,
    );
    return {
      id: r.id,
      principal: r.principal,
      unitId: r.unit_id,
      role: r.role as UserRole,
      name: r.name,
      createdAt: r.created_at,
    };
  })();
}

/** When the user `principal` stood for was removed (the latest, if it was bound and removed more than once). */
export function whenRemovedRow(db: Database.Database, principal: string): Instant | null {
  const r = db
    .prepare(`SELECT MAX(removed_at) AS at FROM users WHERE former_principal = ? AND removed_at IS NOT NULL`)
    .get(principal) as { at: string | null } | undefined;
  return r?.at ?? null;
}
