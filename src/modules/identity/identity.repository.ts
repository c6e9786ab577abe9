import { and, asc, eq, gt, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { preparedQuery } from '../../platform/db/prepared.ts';
import { agencies, oneTimeTokens, sessions, users } from './identity.tables.ts';

export type UserRow = typeof users.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type NewUser = typeof users.$inferInsert;

export async function findUserByEmail(db: Database, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function findUserByNikIndex(db: Database, nikIndex: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.nikIndex, nikIndex));
  return row;
}

/** Read for every notification's recipient: a prepared statement. */
export async function findUserById(db: Database, id: string): Promise<UserRow | undefined> {
  const query = preparedQuery(db, 'user_by_id', (db) =>
    db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare('user_by_id'),
  );
  const [row] = await query.execute({ id });
  return row;
}

export async function insertUser(db: Database, user: NewUser): Promise<UserRow> {
  const [row] = await db.insert(users).values(user).returning();
  return row!;
}

export async function updateUser(db: Database, id: string, changes: Partial<NewUser>): Promise<void> {
  await db.update(users).set(changes).where(eq(users.id, id));
}

/** Counts a failed log-in and, past the limit, locks the account; one statement, so it is race-free. */
export async function recordFailedLogin(
  db: Database,
  id: string,
  options: { maxFailures: number; lockMinutes: number },
): Promise<void> {
  await db.execute(sql`
    update ${users} set
      failed_login_count = case when failed_login_count + 1 >= ${options.maxFailures} then 0 else failed_login_count + 1 end,
      locked_until = case when failed_login_count + 1 >= ${options.maxFailures}
        then now() + make_interval(secs => ${options.lockMinutes * 60}) else locked_until end
    where id = ${id}`);
}

export async function findAgencyByCode(db: Database, code: string): Promise<AgencyRow | undefined> {
  const [row] = await db.select().from(agencies).where(eq(agencies.code, code));
  return row;
}

export async function findAgencyById(db: Database, id: string): Promise<AgencyRow | undefined> {
  const [row] = await db.select().from(agencies).where(eq(agencies.id, id));
  return row;
}

export async function findAgenciesByIds(db: Database, ids: string[]): Promise<AgencyRow[]> {
  if (ids.length === 0) return [];
  return db.select().from(agencies).where(inArray(agencies.id, ids));
}

export async function insertAgency(db: Database, row: typeof agencies.$inferInsert): Promise<AgencyRow> {
  const [inserted] = await db.insert(agencies).values(row).returning();
  return inserted!;
}

export async function insertAgencies(
  db: Database,
  rows: Array<typeof agencies.$inferInsert>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(agencies)
    .values(rows)
    .onConflictDoNothing({ target: agencies.code })
    .returning({ id: agencies.id });
  return inserted.length;
}

/** The condition "within the subtree rooted at path". */
export function withinSubtree(path: string): SQL {
  return or(eq(agencies.path, path), sql`${agencies.path} like ${`${path}>%`}`)!;
}

export async function listAgencies(
  db: Database,
  filter: { parentId?: string; kind?: AgencyRow['kind']; text?: string; limit: number; offset: number },
): Promise<AgencyRow[]> {
  const conditions: SQL[] = [];
  if (filter.parentId) conditions.push(eq(agencies.parentId, filter.parentId));
  if (filter.kind) conditions.push(eq(agencies.kind, filter.kind));
  if (filter.text) {
    const pattern = `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
    conditions.push(or(ilike(agencies.name, pattern), ilike(agencies.code, pattern))!);
  }
  return db
    .select()
    .from(agencies)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(agencies.code))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function countAgencies(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(agencies);
  return row?.count ?? 0;
}

/** Officers of the agencies under a path (or all, for national roles); paginated. */
export async function listOfficers(
  db: Database,
  filter: { subtreePath?: string; limit: number; offset: number },
) {
  const conditions: SQL[] = [eq(users.kind, 'petugas')];
  if (filter.subtreePath) conditions.push(withinSubtree(filter.subtreePath));
  return db
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      role: users.role,
      agencyCode: agencies.code,
      agencyName: agencies.name,
      disabledAt: users.disabledAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(...conditions))
    .orderBy(asc(agencies.code), asc(users.name))
    .limit(filter.limit)
    .offset(filter.offset);
}

export async function countUsers(db: Database): Promise<number> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  return row?.count ?? 0;
}

export async function insertSession(db: Database, session: typeof sessions.$inferInsert) {
  const [row] = await db.insert(sessions).values(session).returning();
  return row!;
}

/** The session, its user and the user's agency, if the token is live; one query per request. */
/** Runs on every signed-in request: a prepared statement. */
export async function findLiveSession(db: Database, tokenHash: string) {
  const query = preparedQuery(db, 'live_session', (db) =>
    db
      .select({ session: sessions, user: users, agency: agencies })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .leftJoin(agencies, eq(agencies.id, users.agencyId))
      .where(
        and(
          eq(sessions.tokenHash, sql.placeholder('tokenHash')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`now()`),
          isNull(users.disabledAt),
        ),
      )
      .prepare('live_session'),
  );
  const [row] = await query.execute({ tokenHash });
  return row;
}

export async function revokeSession(db: Database, id: string): Promise<void> {
  await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, id));
}

/** Ends a user's browser sessions; machine tokens of agency systems are separate credentials and stay. */
export async function revokeBrowserSessionsOfUser(db: Database, userId: string): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.userId, userId), eq(sessions.kind, 'browser'), isNull(sessions.revokedAt)));
}

export async function findApiToken(db: Database, id: string) {
  const [row] = await db
    .select({ token: sessions, agencyPath: agencies.path })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(eq(sessions.id, id), eq(sessions.kind, 'api')));
  return row;
}

/** Machine tokens of the users under a path (all, for national roles). */
export async function listApiTokens(db: Database, filter: { subtreePath?: string; limit: number }) {
  const conditions: SQL[] = [eq(sessions.kind, 'api')];
  if (filter.subtreePath) conditions.push(withinSubtree(filter.subtreePath));
  return db
    .select({ token: sessions })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(and(...conditions))
    .orderBy(asc(sessions.createdAt))
    .limit(filter.limit);
}

export async function insertOneTimeToken(
  db: Database,
  token: typeof oneTimeTokens.$inferInsert,
): Promise<void> {
  await db.insert(oneTimeTokens).values(token);
}

/** Marks a live token used and returns its user; undefined when unknown, used or expired. */
export async function consumeOneTimeToken(
  db: Database,
  tokenHash: string,
  purpose: 'verify-email' | 'reset-password',
): Promise<string | undefined> {
  const [row] = await db
    .update(oneTimeTokens)
    .set({ usedAt: new Date() })
    .where(
      and(
        eq(oneTimeTokens.tokenHash, tokenHash),
        eq(oneTimeTokens.purpose, purpose),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, sql`now()`),
      ),
    )
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId;
}

/**
 * Officers to tell about a report: those with one of the roles at an agency on the report's path
 * (its agency or an ancestor), or at a central agency when the role is national (admin-nasional).
 */
/**
 * The recipients of a filing in one prepared statement: the users asked for by id (with whether
 * they are active) and, after them, the active officers `findOfficersForNotification` would list.
 */
export async function findNotificationContacts(
  db: Database,
  options: {
    userIds: string[];
    roles: Array<NonNullable<UserRow['role']>>;
    agencyPath?: string | undefined;
  },
) {
  const query = preparedQuery(db, 'notification_contacts', (db) => {
    const requested = db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isActive: sql<boolean>`${users.disabledAt} is null`.as('is_active'),
        isOfficer: sql<boolean>`false`.as('is_officer'),
      })
      .from(users)
      .where(sql`${users.id} = any(${sql.placeholder('userIds')}::uuid[])`);
    const officers = db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isActive: sql<boolean>`true`.as('is_active'),
        isOfficer: sql<boolean>`true`.as('is_officer'),
      })
      .from(users)
      .leftJoin(agencies, eq(agencies.id, users.agencyId))
      .where(
        and(
          eq(users.kind, 'petugas'),
          isNull(users.disabledAt),
          sql`${users.role} = any(${sql.placeholder('roles')}::text[])`,
          or(
            eq(users.role, 'admin-nasional'),
            sql`${agencies.code} = any(${sql.placeholder('onPath')}::text[])`,
          ),
        ),
      )
      .limit(500);
    return requested.unionAll(officers).prepare('notification_contacts');
  });
  return query.execute({
    userIds: options.userIds,
    roles: options.roles,
    onPath: options.agencyPath ? options.agencyPath.split('>') : [],
  });
}

export async function findOfficersForNotification(
  db: Database,
  options: { roles: Array<NonNullable<UserRow['role']>>; agencyPath?: string | undefined },
) {
  const onPath = options.agencyPath ? options.agencyPath.split('>') : [];
  const scope = or(
    eq(users.role, 'admin-nasional'),
    onPath.length ? inArray(agencies.code, onPath) : sql`false`,
  );
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(eq(users.kind, 'petugas'), isNull(users.disabledAt), inArray(users.role, options.roles), scope),
    )
    .limit(500);
}
