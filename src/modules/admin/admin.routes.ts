import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, listAuditEntries } from '../../platform/audit/audit.ts';
import {
  type CalendarStore,
  deleteHoliday,
  listHolidays,
  upsertHoliday,
} from '../../platform/calendar/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { AppError, PlatformErrors } from '../../platform/http/errors.ts';
import { findOutboxMessage, listOutbox } from '../../platform/notify/outbox.ts';
import { Scopes } from '../identity/index.ts';

const MailSummary = z.object({
  id: z.string(),
  recipient: z.string(),
  subject: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredTo: z.string().nullable(),
  lastError: z.string().nullable(),
});

const Holiday = z.object({
  date: z.string(),
  kind: z.enum(['libur_nasional', 'cuti_bersama']),
  name: z.string(),
});
const HolidayDate = z.strictObject({
  date: z.iso.date().describe('YYYY-MM-DD'),
});

/**
 * Operator pages: the audit trail, the local mailbox (e-mails written while no SMTP is set) and
 * the working-day calendar.
 */
export const adminRoutes: FastifyPluginAsync<{ db: Database; calendar: CalendarStore }> = async (
  fastify,
  { db, calendar },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/calendar/holidays', {
    config: { auth: 'public' },
    schema: {
      tags: ['calendar'],
      summary: 'National holidays and cuti bersama that the working-day clocks skip',
      querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
      response: { 200: z.object({ items: z.array(Holiday) }) },
    },
    handler: async (request) => ({
      items: (await listHolidays(db, request.query.year)).map(({ date, kind, name }) => ({
        date,
        kind,
        name,
      })),
    }),
  });

  app.put('/calendar/holidays/:date', {
    config: { auth: { scopes: [Scopes.calendarManage] } },
    schema: {
      tags: ['calendar'],
      summary: 'Add or change a holiday (e.g. when the yearly SKB on cuti bersama is published)',
      params: HolidayDate,
      body: z.strictObject({ kind: Holiday.shape.kind, name: z.string().trim().min(3).max(200) }),
      response: { 200: Holiday },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const holiday = { date: request.params.date, ...request.body };
      await upsertHoliday(db, { holiday, actor, requestId: request.id });
      calendar.invalidate();
      return holiday;
    },
  });

  app.delete('/calendar/holidays/:date', {
    config: { auth: { scopes: [Scopes.calendarManage] } },
    schema: {
      tags: ['calendar'],
      summary: 'Remove a holiday',
      params: HolidayDate,
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      const actor = requireActor(request);
      if (!(await deleteHoliday(db, { date: request.params.date, actor, requestId: request.id }))) {
        throw new AppError(PlatformErrors.NOT_FOUND);
      }
      calendar.invalidate();
      return reply.status(204).send(null);
    },
  });

  app.get('/admin/audit', {
    config: { auth: { scopes: [Scopes.auditRead] } },
    schema: {
      tags: ['admin'],
      summary: 'Audit trail, newest first',
      querystring: z.strictObject({
        beforeId: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
      response: {
        200: z.object({
          items: z.array(
            z.object({
              id: z.number(),
              at: z.string(),
              actorId: z.string().nullable(),
              actorRole: z.string().nullable(),
              action: z.string(),
              targetType: z.string(),
              targetId: z.string().nullable(),
              requestId: z.string().nullable(),
              details: z.record(z.string(), z.unknown()),
            }),
          ),
        }),
      },
    },
    handler: async (request) => {
      const rows = await listAuditEntries(db, {
        limit: request.query.limit,
        ...(request.query.beforeId ? { beforeId: request.query.beforeId } : {}),
      });
      return { items: rows.map((row) => ({ ...row, at: row.at.toISOString() })) };
    },
  });

  app.get('/admin/mailbox', {
    config: { auth: { scopes: [Scopes.mailboxRead] } },
    schema: {
      tags: ['admin'],
      summary: 'E-mails the platform has queued or written, newest first',
      querystring: z.strictObject({
        limit: z.coerce.number().int().min(1).max(200).default(50),
        offset: z.coerce.number().int().min(0).max(100_000).default(0),
      }),
      response: { 200: z.object({ items: z.array(MailSummary) }) },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const rows = await listOutbox(db, request.query);
      // Recipients are personal data: the listing itself is a read worth recording.
      await appendAudit(db, {
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'mailbox.listed',
        targetType: 'outbox',
        requestId: request.id,
        details: { count: rows.length },
      });
      return {
        items: rows.map((row) => ({
          id: row.id,
          recipient: row.recipient,
          subject: row.subject,
          createdAt: row.createdAt.toISOString(),
          sentAt: row.sentAt?.toISOString() ?? null,
          deliveredTo: row.deliveredTo,
          lastError: row.lastError,
        })),
      };
    },
  });

  app.get('/admin/mailbox/:id', {
    config: { auth: { scopes: [Scopes.mailboxRead] } },
    schema: {
      tags: ['admin'],
      summary: 'One e-mail with its body',
      params: z.strictObject({ id: z.string().max(100) }),
      response: { 200: MailSummary.extend({ bodyText: z.string() }) },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      const id = request.params.id;
      const row = z.uuid().safeParse(id).success ? await findOutboxMessage(db, id) : undefined;
      if (!row) throw new AppError(PlatformErrors.NOT_FOUND);
      await appendAudit(db, {
        actorId: actor.userId,
        actorRole: actor.role,
        action: 'mailbox.read',
        targetType: 'outbox',
        targetId: row.id,
        requestId: request.id,
      });
      return {
        id: row.id,
        recipient: row.recipient,
        subject: row.subject,
        bodyText: row.bodyText,
        createdAt: row.createdAt.toISOString(),
        sentAt: row.sentAt?.toISOString() ?? null,
        deliveredTo: row.deliveredTo,
        lastError: row.lastError,
      };
    },
  });
};
