import { z } from 'zod';

/** The two routing models: which agency handles a report, and its category. */
export const MODEL_KINDS = ['agency', 'category'] as const;
export const ModelKind = z.enum(MODEL_KINDS);
export type ModelKind = z.infer<typeof ModelKind>;

export const Evaluation = z.object({
  n: z.number().int(),
  accuracy: z.number(),
  top3: z.number(),
  macroF1: z.number(),
  top20Accuracy: z.number(),
});
export type Evaluation = z.infer<typeof Evaluation>;

export const ModelMetadata = z.object({
  format: z.literal('terpadu-router/1'),
  createdAt: z.string(),
  textColumn: z.string(),
  labelColumn: z.string(),
  featureColumns: z.array(z.string()),
  trainingData: z.object({
    source: z.enum(['csv', 'database']),
    /** File name (no directories) or a description of the database query. */
    description: z.string(),
    rows: z.number().int(),
    skipped: z.number().int(),
  }),
  labelCounts: z.record(z.string(), z.number().int()),
  /** The 20 most frequent training labels, for `top20Accuracy`. */
  top20Labels: z.array(z.string()),
  parameters: z.record(z.string(), z.unknown()),
  featureCount: z.number().int(),
  temperature: z.number(),
  trainingMs: z.number(),
  /** CPU time of training (one thread): what the wall time would be on an idle core. */
  trainingCpuMs: z.number().optional(),
  /** SHA-256 of each file, checked at load. */
  files: z.record(z.string(), z.string()),
  evaluation: Evaluation.extend({ description: z.string() }).nullable(),
});
export type ModelMetadata = z.infer<typeof ModelMetadata>;

export const ModelView = z.object({
  kind: ModelKind,
  version: z.string(),
  createdAt: z.string(),
  isActive: z.boolean(),
  trainingData: ModelMetadata.shape.trainingData,
  labelCount: z.number().int(),
  featureColumns: z.array(z.string()),
  trainingMs: z.number(),
  evaluation: ModelMetadata.shape.evaluation,
});
export type ModelView = z.infer<typeof ModelView>;

export const ModelList = z.object({ models: z.array(ModelView) });

export const ActivateModel = z.object({ version: z.string().min(1).max(100) });
export type ActivateModel = z.infer<typeof ActivateModel>;

export const SuggestedLabel = z.object({
  /** The label inside the model (agency code, agency name or category). */
  label: z.string(),
  probability: z.number(),
  /** The platform agency or category it maps to, when one matches. */
  code: z.string().nullable(),
  name: z.string(),
  /** Words of the report that pushed this label up most, with their weight. */
  words: z.array(z.object({ word: z.string(), weight: z.number() })),
});
export type SuggestedLabel = z.infer<typeof SuggestedLabel>;

export const SuggestionsView = z.object({
  trackingId: z.string(),
  agencies: z.array(SuggestedLabel),
  categories: z.array(SuggestedLabel),
  models: z.object({ agency: z.string().nullable(), category: z.string().nullable() }),
  /** Set when the report was routed automatically from this suggestion. */
  isAutomatic: z.boolean(),
});
export type SuggestionsView = z.infer<typeof SuggestionsView>;

export const AccuracyPoint = z.object({
  week: z.string(),
  routed: z.number().int(),
  followed: z.number().int(),
  inTop3: z.number().int(),
  automatic: z.number().int(),
  accuracy: z.number().nullable(),
});
export const AccuracyReport = z.object({
  weeks: z.array(AccuracyPoint),
  total: AccuracyPoint.omit({ week: true }),
});
export type AccuracyReport = z.infer<typeof AccuracyReport>;
