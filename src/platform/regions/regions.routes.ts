import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import { listRegions, REGION_CODE_PATTERN } from './regions.ts';

const RegionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number(),
  parentCode: z.string().nullable(),
});

export const regionRoutes: FastifyPluginAsync<{ db: Database }> = async (fastify, { db }) => {
  fastify.withTypeProvider<ZodTypeProvider>().get('/regions', {
    config: { auth: 'public' },
    schema: {
      tags: ['regions'],
      summary: 'Kemendagri areas: provinces, or the children of a region code',
      querystring: z.strictObject({ parentCode: z.string().regex(REGION_CODE_PATTERN).optional() }),
      response: { 200: z.object({ items: z.array(RegionView) }) },
    },
    handler: async (request) => ({ items: await listRegions(db, request.query.parentCode) }),
  });
};
