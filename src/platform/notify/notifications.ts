import { and, desc, eq, inArray, isNull, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { executeTogether } from '../db/prepared.ts';
import { notifications } from './notifications.tables.ts';
import { emailInsert } from './outbox.ts';

export type Notification = {
  userId: string;
  /** Where to e-mail it; without one the message is in-app only. */
  email?: string | undefined;
  title: string;
  body: string;
  link?: string | undefined;
  /**
   * What the e-mail says instead, when the in-app text must not travel: e-mails sit in mailboxes
   * and in the outbox that administrators can read (anonymous reports).
   */
  emailMessage?: { title: string; body: string; link?: string } | undefined;
};

/**
 * Records in-app notifications and queues their e-mails inside the caller's transaction, so a
 * rolled-back change notifies no one. Returns whether any e-mail was queued.
 */
export async function notifyUsers(
  db: Database,
  items: Notification[],
  options: { publicUrl: string },
): Promise<boolean> {
  const { statements, hasEmail } = notificationStatements(db, items, options);
  // One statement for both tables: this runs inside the caller's transaction, where each round
  // trip holds its locks longer.
  await executeTogether(db, statements);
  return hasEmail;
}

/**
 * The inserts notifyUsers makes, unsent, for a caller that sends them together with its own
 * (executeTogether): the in-app rows and the e-mails, each in one multi-row INSERT.
 */
export function notificationStatements(
  db: Database,
  items: Notification[],
  options: { publicUrl: string },
): { statements: SQLWrapper[]; hasEmail: boolean } {
  if (items.length === 0) return { statements: [], hasEmail: false };
  const statements: SQLWrapper[] = [
    db
      .insert(notifications)
      .values(
        items.map((item) => ({ userId: item.userId, title: item.title, body: item.body, link: item.link })),
      ),
  ];
  const emails = items
    .filter((item) => item.email)
    .map((item) => {
      const message = item.emailMessage ?? item;
      const link = message.link ? `\n\n${options.publicUrl}${message.link}` : '';
      return { to: item.email!, subject: message.title, text: `${message.body}${link}\n\n— Terpadu` };
    });
  if (emails.length > 0) statements.push(emailInsert(db, emails));
  return { statements, hasEmail: emails.length > 0 };
}

/** A user's newest notifications; always limited. */
export async function listNotifications(
  db: Database,
  userId: string,
  options: { limit: number; unreadOnly: boolean },
) {
  const condition = options.unreadOnly
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  return db
    .select()
    .from(notifications)
    .where(condition)
    .orderBy(desc(notifications.createdAt))
    .limit(options.limit);
}

export async function markNotificationsRead(db: Database, userId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(eq(notifications.userId, userId), inArray(notifications.id, ids), isNull(notifications.readAt)),
    );
}
