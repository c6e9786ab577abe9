import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * Where rate-limit counters live: in this process by default, or in Redis (REDIS_URL) so that
 * several instances behind one load balancer share them. When Redis cannot be reached a request
 * is let through (logged): the per-account lock-out in the database still bounds log-in guessing.
 */
export async function rateLimitStore(
  app: FastifyInstance,
  redisUrl: string | undefined,
): Promise<{ redis?: Redis; nameSpace?: string; skipOnError?: boolean }> {
  if (!redisUrl) return {};
  // Loaded only when configured (about 18 MB otherwise carried for nothing).
  const { Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, {
    connectTimeout: 2000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  redis.on('error', (error) => app.log.warn({ err: error }, 'redis'));
  await redis.connect().catch((error) => app.log.warn({ err: error }, 'redis: not reachable at start'));
  app.addHook('onClose', async () => {
    redis.disconnect();
  });
  return { redis, nameSpace: 'terpadu-rate-limit-', skipOnError: true };
}
