import { randomBytes } from 'node:crypto';
import { hash as hashPassword } from '@node-rs/argon2';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import * as repository from './identity.repository.ts';

export async function countAccounts(db: Database): Promise<number> {
  return repository.countUsers(db);
}

/**
 * On a database without accounts, creates the first system administrator with a random password
 * and returns it so that it can be shown once. Returns undefined on every later start.
 */
export async function ensureInitialAdmin(
  db: Database,
  email: string,
): Promise<{ email: string; password: string } | undefined> {
  if ((await repository.countUsers(db)) > 0) return undefined;
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const user = await repository.insertUser(tx, {
      kind: 'petugas',
      email,
      name: 'Administrator Sistem',
      passwordHash,
      role: 'sysadmin',
      emailVerifiedAt: new Date(),
    });
    await appendAudit(tx, {
      actorRole: 'system',
      action: 'officer.created',
      targetType: 'user',
      targetId: user.id,
      details: { role: 'sysadmin', initial: true },
    });
  });
  return { email, password };
}
