import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { Scopes } from '../identity/index.ts';
import {
  ExportQuery,
  StatisticsOverview,
  StatisticsQuery,
  StatisticsTable,
  TableQuery,
} from './statistics.contracts.ts';
import { exportAgencyReports } from './statistics.export.ts';
import * as service from './statistics.service.ts';

export const statisticsRoutes: FastifyPluginAsync<{ context: service.StatisticsContext }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/statistics', {
    config: { auth: 'public' },
    schema: {
      tags: ['statistics'],
      summary:
        'Public statistics: reports by status, kind, category, agency, region and month; agency league table',
      description:
        'Counts from 1 to 4 are null (shown "<5"), with complementary suppression; shares, medians and averages need 5 reports. Refreshed every minute.',
      querystring: StatisticsQuery,
      response: { 200: StatisticsOverview },
    },
    handler: async (request) => service.getOverview(context, request.query),
  });

  app.get('/statistics/tables/:table', {
    config: { auth: 'public' },
    schema: {
      tags: ['statistics'],
      summary: 'One statistics table, as JSON or as CSV for a spreadsheet (UTF-8 with BOM)',
      params: z.strictObject({ table: StatisticsTable }),
      querystring: TableQuery,
    },
    handler: async (request, reply) => {
      const { format, ...filters } = request.query;
      const overview = await service.getOverview(context, filters);
      const { table } = request.params;
      if (format === 'json') {
        return table === 'league'
          ? { filters: overview.filters, threshold: overview.threshold, rows: overview.league }
          : {
              filters: overview.filters,
              threshold: overview.threshold,
              total: overview.total,
              rows: overview.tables[table],
            };
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="statistik-${table}.csv"`)
        .send(service.tableCsv(overview, table));
    },
  });

  app.get('/statistics/export', {
    config: { auth: { scopes: [Scopes.complaintsRead] } },
    schema: {
      tags: ['statistics'],
      summary: "Officers: the own agency's reports and their history, as CSV or XLSX (audited)",
      querystring: ExportQuery,
    },
    handler: async (request, reply) => {
      const file = await exportAgencyReports(context, {
        actor: requireActor(request),
        query: request.query,
        requestId: request.id,
      });
      return reply
        .type(file.mediaType)
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  });
};
