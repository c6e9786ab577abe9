import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../platform/db/database.ts';
import { requireActor } from '../../platform/http/auth.ts';
import { listNotifications, markNotificationsRead } from '../../platform/notify/notifications.ts';
import { Scopes } from '../identity/index.ts';

const NotificationView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});

/** The signed-in user's own in-app notifications. */
export const notificationRoutes: FastifyPluginAsync<{ db: Database }> = async (fastify, { db }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/notifications', {
    config: { auth: { scopes: [Scopes.self] } },
    schema: {
      tags: ['notifications'],
      summary: 'Your notifications, newest first',
      querystring: z.strictObject({
        unread: z.enum(['true', 'false']).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(30),
      }),
      response: { 200: z.object({ items: z.array(NotificationView) }) },
    },
    handler: async (request) => {
      const rows = await listNotifications(db, requireActor(request).userId, {
        limit: request.query.limit,
        unreadOnly: request.query.unread === 'true',
      });
      return {
        items: rows.map((row) => ({
          id: row.id,
          title: row.title,
          body: row.body,
          link: row.link,
          createdAt: row.createdAt.toISOString(),
          read: row.readAt !== null,
        })),
      };
    },
  });

  app.post('/notifications/read', {
    config: { auth: { scopes: [Scopes.self] } },
    schema: {
      tags: ['notifications'],
      summary: 'Mark some of your notifications read',
      body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(100) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      await markNotificationsRead(db, requireActor(request).userId, request.body.ids);
      return reply.status(204).send(null);
    },
  });
};
