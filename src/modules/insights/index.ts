export {
  type ClassifierParameters,
  type TrainingExample,
  templateLabel,
  trainClassifier,
} from './classifier.ts';
export * from './insights.contracts.ts';
export { InsightsErrors } from './insights.errors.ts';
export { insightsRoutes } from './insights.routes.ts';
export {
  activateModel,
  getRoutingAccuracy,
  getSuggestions,
  type InsightsContext,
  installModel,
  listModels,
  type RetrainResult,
  retrainFromDatabase,
  rollbackModel,
  runScheduledRetrain,
} from './insights.service.ts';
export { evaluatePredictions } from './metrics.ts';
export { loadModel } from './model-files.ts';
export { registerRouterCommands } from './router.cli.ts';
export { labelCounts, trainRouter } from './router.ts';
export { normaliseText, tokenise } from './text-normaliser.ts';
