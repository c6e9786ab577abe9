export * from './statistics.contracts.ts';
export { StatisticsErrors } from './statistics.errors.ts';
export { statisticsRoutes } from './statistics.routes.ts';
export { refreshStatistics, type StatisticsContext } from './statistics.service.ts';
