import { randomBytes } from 'node:crypto';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findRegion } from '../../platform/regions/regions.ts';
import {
  actOnComplaint,
  type ComplaintChange,
  type ComplaintsContext,
  getComplaint,
  listCategories,
  listRoutedComplaintsForTraining,
} from '../complaints/index.ts';
import { findAgencies, getAgency, type IdentityContext, listAgencies } from '../identity/index.ts';
import type { ProgressReporter, TrainingExample } from './classifier.ts';
import type {
  AccuracyReport,
  Evaluation,
  ModelKind,
  ModelView,
  SuggestedLabel,
  SuggestionsView,
} from './insights.contracts.ts';
import { InsightsErrors } from './insights.errors.ts';
import * as repository from './insights.repository.ts';
import { type LoadedModel, loadModel, saveModel } from './model-files.ts';
import { evaluateRouter, trainRouter } from './router.ts';

export type InsightsContext = {
  db: Database;
  /** DATA_DIR/models: one folder per kind, one per version. */
  modelsDir: string;
  complaints: ComplaintsContext;
  identity: IdentityContext;
  /** Off by default; when on, reports whose top agency reaches the confidence are routed at filing. */
  autoDisposition: { isEnabled: boolean; minConfidence: number };
  now: () => Date;
};

/** The area columns the platform can fill from a report's region (names as in the Surabaya export). */
const PLATFORM_FEATURE_COLUMNS = ['kecamatan', 'kelurahan'];

// ---------------------------------------------------------------------------------------------
// Model store: files on disk, which version is active in the database, loaded once per process.

const loadedModels = new Map<string, LoadedModel>();

function modelDirectory(context: InsightsContext, kind: ModelKind, version: string): string {
  return path.join(context.modelsDir, kind, version);
}

/**
 * Loads (and verifies) a model once per process; later calls reuse it. One version per kind is
 * kept — the one last loaded, i.e. the active one — so nightly retraining does not pile up every
 * former version in memory; a version activated again is read from its files again.
 */
async function loadCached(directory: string): Promise<LoadedModel> {
  const cached = loadedModels.get(directory);
  if (cached) return cached;
  const model = await loadModel(directory);
  for (const other of loadedModels.keys()) {
    if (path.dirname(other) === path.dirname(directory)) loadedModels.delete(other);
  }
  loadedModels.set(directory, model);
  return model;
}

type ActiveModel = { version: string; model: LoadedModel };

/**
 * How long the active versions read for filing are reused: every filing asks for them, and a switch
 * is rare. An activation in this process applies at once; one by another instance within this time.
 */
const ACTIVE_VERSIONS_MS = 1000;
let activations = 0;
const activeVersionsRead = new WeakMap<
  object,
  { until: number; activations: number; versions: Promise<Map<ModelKind, string>> }
>();

function activeVersions(context: InsightsContext): Promise<Map<ModelKind, string>> {
  const now = Date.now();
  const cached = activeVersionsRead.get(context.db);
  if (cached && cached.until > now && cached.activations === activations) return cached.versions;
  const entry = {
    until: now + ACTIVE_VERSIONS_MS,
    activations,
    versions: repository.findActiveVersions(context.db),
  };
  activeVersionsRead.set(context.db, entry);
  entry.versions.catch(() => {
    if (activeVersionsRead.get(context.db) === entry) activeVersionsRead.delete(context.db);
  });
  return entry.versions;
}

/**
 * The active model of each kind: the versions from `activeVersions` (at most a second old), each
 * model loaded once per process.
 */
async function activeModels(context: InsightsContext): Promise<Partial<Record<ModelKind, ActiveModel>>> {
  const versions = await activeVersions(context);
  const result: Partial<Record<ModelKind, ActiveModel>> = {};
  for (const [kind, version] of versions) {
    try {
      result[kind] = { version, model: await loadCached(modelDirectory(context, kind, version)) };
    } catch (error) {
      console.error(`routing model ${kind} ${version} cannot be loaded:`, (error as Error).message);
    }
  }
  return result;
}

function newVersion(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

function toView(row: repository.ModelRow, activeVersion: string | undefined): ModelView {
  return {
    kind: row.kind,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    isActive: row.version === activeVersion,
    trainingData: row.metadata.trainingData,
    labelCount: Object.keys(row.metadata.labelCounts).length,
    featureColumns: row.metadata.featureColumns,
    trainingMs: row.metadata.trainingMs,
    evaluation: row.metadata.evaluation,
  };
}

export async function listModels(context: InsightsContext): Promise<ModelView[]> {
  const [rows, active] = await Promise.all([
    repository.listModels(context.db),
    repository.findActiveVersions(context.db),
  ]);
  return rows.map((row) => toView(row, active.get(row.kind)));
}

/**
 * Makes a version active after loading and verifying its files: a missing or corrupt model is
 * refused with MODEL_INVALID and the active one stays in use.
 */
export async function activateModel(
  context: InsightsContext,
  options: {
    actorId: string | null;
    actorRole?: string | null;
    kind: ModelKind;
    version: string;
    reason?: 'activate' | 'rollback' | 'retrain' | 'install';
    requestId?: string | undefined;
  },
): Promise<ModelView> {
  const row = await repository.findModel(context.db, options.kind, options.version);
  if (!row) throw new AppError(InsightsErrors.MODEL_NOT_FOUND);
  const directory = modelDirectory(context, options.kind, options.version);
  loadedModels.delete(directory);
  await loadCached(directory);
  await context.db.transaction(async (tx) => {
    await repository.insertActivation(tx, {
      kind: options.kind,
      version: options.version,
      actorId: options.actorId,
      reason: options.reason ?? 'activate',
    });
    await appendAudit(tx, {
      actorId: options.actorId,
      actorRole: options.actorRole ?? (options.actorId ? null : 'sistem'),
      action: `insights.model_${options.reason ?? 'activate'}`,
      targetType: 'routing_model',
      targetId: `${options.kind}/${options.version}`,
      requestId: options.requestId,
    });
  });
  activations += 1; // committed: this process's filings use it from now on
  return toView(row, options.version);
}

/** Back to the version active before the current one (skipping any whose files no longer load). */
export async function rollbackModel(
  context: InsightsContext,
  options: {
    actorId: string | null;
    actorRole?: string | null;
    kind: ModelKind;
    requestId?: string | undefined;
  },
): Promise<ModelView> {
  const history = await repository.listActivations(context.db, options.kind);
  const current = history[0]?.version;
  const tried = new Set<string>();
  for (const entry of history.slice(1)) {
    if (entry.version === current || tried.has(entry.version)) continue;
    tried.add(entry.version);
    try {
      return await activateModel(context, { ...options, version: entry.version, reason: 'rollback' });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== InsightsErrors.MODEL_INVALID) throw error;
    }
  }
  throw new AppError(InsightsErrors.NO_PREVIOUS_MODEL);
}

/** Copies a trained model directory into the store and registers it; verifies it first. */
export async function installModel(
  context: InsightsContext,
  options: { kind: ModelKind; directory: string; activate: boolean; actorId: string | null },
): Promise<ModelView> {
  const source = await loadModel(options.directory);
  const version = newVersion(context.now());
  const target = modelDirectory(context, options.kind, version);
  await cp(options.directory, target, { recursive: true });
  try {
    await loadModel(target);
  } catch (error) {
    await rm(target, { recursive: true, force: true });
    throw error;
  }
  await repository.insertModel(context.db, {
    kind: options.kind,
    version,
    createdBy: options.actorId,
    metadata: source.metadata,
  });
  if (options.activate) {
    return activateModel(context, {
      actorId: options.actorId,
      kind: options.kind,
      version,
      reason: 'install',
    });
  }
  const active = await repository.findActiveVersions(context.db);
  return toView((await repository.findModel(context.db, options.kind, version))!, active.get(options.kind));
}

// ---------------------------------------------------------------------------------------------
// Training from the platform's own routed reports

async function areaColumnsOf(db: Database, regionCode: string, cache: Map<string, string>) {
  const nameOf = async (code: string) => {
    if (!cache.has(code)) cache.set(code, (await findRegion(db, code))?.name ?? '');
    return cache.get(code)!;
  };
  const parts = regionCode.split('.');
  return {
    kecamatan: parts.length >= 3 ? await nameOf(parts.slice(0, 3).join('.')) : '',
    kelurahan: parts.length >= 4 ? await nameOf(regionCode) : '',
  };
}

async function databaseExamples(context: InsightsContext, kind: ModelKind): Promise<TrainingExample[]> {
  const rows = await listRoutedComplaintsForTraining(context.db, { limit: 100_000 });
  const agencyIds = rows
    .flatMap((row) => [row.agencyId, row.unitId])
    .filter((id): id is string => Boolean(id));
  const agencies = await findAgencies(context.identity, agencyIds);
  const regions = new Map<string, string>();
  const examples: TrainingExample[] = [];
  for (const row of rows) {
    const label =
      kind === 'agency'
        ? agencies.get(row.unitId ?? row.agencyId ?? '')?.code
        : (row.categoryCode ?? undefined);
    if (!label) continue;
    examples.push({
      text: `${row.title}. ${row.description}`,
      label,
      columns: await areaColumnsOf(context.db, row.regionCode, regions),
    });
  }
  return examples;
}

export type RetrainResult = {
  kind: ModelKind;
  version: string;
  rows: number;
  evaluation: Evaluation | null;
  activeEvaluation: Evaluation | null;
  isActivated: boolean;
  reason: string;
};

/**
 * Trains a model from routed reports. The newest fifth is held out: a first model learns from the
 * rest and both it and the active model are scored on it; the saved model then learns from all
 * rows. It becomes active only if asked and if it is not worse (top-1 accuracy) than the active one.
 */
export async function retrainFromDatabase(
  context: InsightsContext,
  options: { kind: ModelKind; activate: boolean; onProgress?: ProgressReporter; exportTo?: string },
): Promise<RetrainResult> {
  const examples = await databaseExamples(context, options.kind);
  const request = {
    textColumn: 'title+description',
    labelColumn: options.kind === 'agency' ? 'agency_code' : 'category_code',
    featureColumns: PLATFORM_FEATURE_COLUMNS,
    source: 'database' as const,
    description: `routed reports in the platform (${options.kind}), rahasia excluded`,
    skipped: 0,
    onProgress: options.onProgress,
    now: context.now(),
  };
  const holdoutStart = Math.floor(examples.length * 0.8);
  const holdout = examples.slice(holdoutStart);
  let evaluation: Evaluation | null = null;
  let activeEvaluation: Evaluation | null = null;
  if (holdout.length >= 10 && new Set(examples.slice(0, holdoutStart).map((e) => e.label)).size >= 2) {
    const candidate = trainRouter({ ...request, examples: examples.slice(0, holdoutStart) });
    evaluation = evaluateRouter(
      { classifier: candidate.classifier, metadata: { ...candidate.metadata, files: {} } },
      holdout,
    );
    const active = (await activeModels(context))[options.kind];
    if (active) activeEvaluation = evaluateRouter(active.model, holdout);
  }
  const trained = trainRouter({ ...request, examples });
  const version = newVersion(context.now());
  const metadata = {
    ...trained.metadata,
    evaluation: evaluation
      ? {
          ...evaluation,
          description: `newest ${holdout.length} of ${examples.length} routed reports, held out`,
        }
      : null,
  };
  const saved = await saveModel(modelDirectory(context, options.kind, version), trained.classifier, metadata);
  if (options.exportTo) await saveModel(options.exportTo, trained.classifier, metadata);
  await repository.insertModel(context.db, { kind: options.kind, version, createdBy: null, metadata: saved });
  let isActivated = false;
  let reason = 'not asked to activate';
  if (options.activate) {
    if (activeEvaluation && evaluation && evaluation.accuracy < activeEvaluation.accuracy) {
      reason = `worse than the active model (${evaluation.accuracy} < ${activeEvaluation.accuracy})`;
    } else {
      await activateModel(context, { actorId: null, kind: options.kind, version, reason: 'retrain' });
      isActivated = true;
      reason = activeEvaluation ? 'not worse than the active model' : 'no comparable active model';
    }
  }
  return {
    kind: options.kind,
    version,
    rows: examples.length,
    evaluation,
    activeEvaluation,
    isActivated,
    reason,
  };
}

/** The scheduled retrain: both kinds, activating only improvements; too little data is not an error. */
export async function runScheduledRetrain(context: InsightsContext): Promise<RetrainResult[]> {
  const results: RetrainResult[] = [];
  for (const kind of ['agency', 'category'] as const) {
    try {
      results.push(await retrainFromDatabase(context, { kind, activate: true }));
    } catch (error) {
      if (error instanceof AppError && error.code === InsightsErrors.TRAINING_DATA_INVALID) continue;
      throw error;
    }
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Suggestions

function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

type Resolved = { code: string; name: string; path?: string; kind?: string } | null;
const resolvedLabels = new WeakMap<object, Map<string, Resolved>>();

/**
 * Model label → platform agency or category. Models trained from the database use codes; models
 * trained from another system's CSV use names, matched on the normalised name.
 */
async function resolveLabel(context: InsightsContext, kind: ModelKind, label: string): Promise<Resolved> {
  const cache = resolvedLabels.get(context.db) ?? new Map<string, Resolved>();
  resolvedLabels.set(context.db, cache);
  const key = `${kind}|${label}`;
  if (cache.has(key)) return cache.get(key)!;
  let resolved: Resolved = null;
  if (kind === 'agency') {
    const byCode = await getAgency(context.identity, { code: label }).catch(() => undefined);
    if (byCode) {
      resolved = byCode;
    } else {
      const wanted = normaliseName(label);
      const candidates = await listAgencies(context.identity, { q: label, limit: 20, offset: 0 });
      const match = candidates.find((candidate) => normaliseName(candidate.name) === wanted);
      if (match) resolved = await getAgency(context.identity, { code: match.code });
    }
  } else {
    const wanted = normaliseName(label);
    const categories = await listCategories(context.complaints);
    const match = categories.find(
      (category) =>
        category.code === label ||
        normaliseName(category.name) === wanted ||
        normaliseName(category.nameEn) === wanted,
    );
    if (match) resolved = { code: match.code, name: match.name };
  }
  if (resolved)
    resolved = { code: resolved.code, name: resolved.name, path: resolved.path, kind: resolved.kind };
  cache.set(key, resolved);
  return resolved;
}

type ReportText = { trackingId: string; title: string; description: string; regionCode: string };

async function computeSuggestions(
  context: InsightsContext,
  report: ReportText,
  models?: Partial<Record<ModelKind, ActiveModel>>,
) {
  models ??= await activeModels(context);
  const text = `${report.title}. ${report.description}`;
  const columns = await areaColumnsOf(context.db, report.regionCode, new Map());
  const suggest = async (kind: ModelKind): Promise<SuggestedLabel[]> => {
    const active = models[kind];
    if (!active) return [];
    const { classifier } = active.model;
    // one pass over the text for the three labels and their words
    const predictions = classifier.suggest(text, columns, 3, 5);
    return Promise.all(
      predictions.map(async (prediction) => {
        const resolved = await resolveLabel(context, kind, prediction.label);
        return {
          label: prediction.label,
          probability: Math.round(prediction.probability * 1000) / 1000,
          code: resolved?.code ?? null,
          name: resolved?.name ?? prediction.label,
          words: prediction.words,
        };
      }),
    );
  };
  const [agencies, categories] = await Promise.all([suggest('agency'), suggest('category')]);
  return {
    agencies,
    categories,
    models: { agency: models.agency?.version ?? null, category: models.category?.version ?? null },
  };
}

/**
 * Top-3 agencies and categories for a report the caller may see, with confidence and the words
 * that drove each. The first showing is recorded, to compare with the routing decided later.
 */
export async function getSuggestions(
  context: InsightsContext,
  options: { actor: Actor; trackingId: string },
): Promise<SuggestionsView> {
  const complaint = await getComplaint(context.complaints, {
    actor: options.actor,
    trackingId: options.trackingId,
  });
  const suggestions = await computeSuggestions(context, complaint);
  if (!suggestions.models.agency && !suggestions.models.category) {
    throw new AppError(InsightsErrors.NO_ACTIVE_MODEL);
  }
  await repository.insertSuggestionIfAbsent(context.db, {
    trackingId: complaint.trackingId,
    agencyModelVersion: suggestions.models.agency,
    categoryModelVersion: suggestions.models.category,
    agencies: suggestions.agencies,
    categories: suggestions.categories,
    topConfidence: suggestions.agencies[0]?.probability ?? null,
    shownAt: context.now(),
  });
  const recorded = await repository.findSuggestion(context.db, complaint.trackingId);
  return { trackingId: complaint.trackingId, ...suggestions, isAutomatic: recorded?.isAutomatic ?? false };
}

// ---------------------------------------------------------------------------------------------
// Reacting to complaints: record the suggestion at filing, route automatically if configured,
// and compare the routing decided with what was suggested.

function systemActor(
  role: 'admin-nasional' | 'admin-instansi',
  agency?: { id: string; path: string },
): Actor {
  return {
    // The nil UUID: the platform itself, not a person.
    userId: '00000000-0000-0000-0000-000000000000',
    kind: 'petugas',
    role,
    agencyId: agency?.id ?? null,
    agencyPath: agency?.path ?? null,
    hasNationalScope: role === 'admin-nasional',
    scopes: new Set(),
    sessionId: 'routing',
    csrfToken: '',
    via: 'bearer',
  };
}

async function reportText(context: InsightsContext, trackingId: string): Promise<ReportText> {
  return getComplaint(context.complaints, { actor: systemActor('admin-nasional'), trackingId });
}

async function onFiled(context: InsightsContext, change: ComplaintChange) {
  // Filing waits for this listener: without an active model, one query and nothing else.
  const models = await activeModels(context);
  if (!models.agency && !models.category) return;
  const report = await reportText(context, change.trackingId);
  const suggestions = await computeSuggestions(context, report, models);
  if (!suggestions.models.agency && !suggestions.models.category) return;
  await repository.insertSuggestionIfAbsent(context.db, {
    trackingId: change.trackingId,
    agencyModelVersion: suggestions.models.agency,
    categoryModelVersion: suggestions.models.category,
    agencies: suggestions.agencies,
    categories: suggestions.categories,
    topConfidence: suggestions.agencies[0]?.probability ?? null,
    shownAt: change.at,
  });
  const top = suggestions.agencies[0];
  if (
    !context.autoDisposition.isEnabled ||
    !top?.code ||
    top.probability < context.autoDisposition.minConfidence
  ) {
    return;
  }
  await autoDisposition(
    context,
    change.trackingId,
    top,
    suggestions.categories[0],
    suggestions.models.agency,
  );
}

/**
 * Routes a report to the suggested agency through the complaint service's own disposition: the
 * step the national admin takes when verifying (Permen PANRB 62/2018: verification and
 * disposition to the agency with authority), with the same notifications, checked against the
 * national admin's standing and recorded as "sistem" in the timeline and the audit trail.
 *
 * It stops at the agency. When the model suggests one of the agency's units, the report goes to
 * the agency and its admin picks the unit (the suggestion, unit included, is in their panel):
 * forwarding to a unit is the agency's own decision, and the platform does not act as an agency
 * admin. Reversible as any disposition: the agency sends it back ("bukan wewenang") or the
 * national admin transfers it ("alihkan").
 */
async function autoDisposition(
  context: InsightsContext,
  trackingId: string,
  top: SuggestedLabel,
  category: SuggestedLabel | undefined,
  modelVersion: string | null,
) {
  const suggested = await getAgency(context.identity, { code: top.code! });
  const segments = suggested.path.split('>');
  const agencyCode = suggested.kind === 'unit' ? segments[segments.length - 2] : suggested.code;
  const agency =
    agencyCode === suggested.code ? suggested : await getAgency(context.identity, { code: agencyCode! });
  const confidence = Math.round(top.probability * 100);
  await actOnComplaint(context.complaints, {
    actor: systemActor('admin-nasional'),
    isSystemDecision: true,
    trackingId,
    action: {
      action: 'disposisi',
      agencyCode: agency.code,
      note: `Disposisi otomatis oleh model rute ${modelVersion ?? ''} (keyakinan ${confidence}%); dapat dialihkan atau dikembalikan seperti disposisi lain.`,
      ...(category?.code ? { categoryCode: category.code } : {}),
    },
  });
  await appendAudit(context.db, {
    actorId: null,
    actorRole: 'sistem',
    action: 'insights.auto_disposition',
    targetType: 'complaint',
    targetId: trackingId,
    details: {
      agencyCode: agency.code,
      suggestedCode: suggested.code,
      confidence: top.probability,
      threshold: context.autoDisposition.minConfidence,
      modelVersion,
    },
  });
  // Where it went and whether as suggested was recorded by onRouted, during the disposition.
  await repository.markRoutedAutomatically(context.db, trackingId);
}

async function onRouted(context: InsightsContext, change: ComplaintChange) {
  const suggestion = await repository.findSuggestion(context.db, change.trackingId);
  if (!suggestion) return;
  if (change.action === 'bukan_wewenang') {
    await repository.recordRouting(context.db, change.trackingId, {
      routedTo: null,
      routedAt: null,
      isFollowed: null,
      isInTop3: null,
    });
    return;
  }
  const agencies = await findAgencies(
    context.identity,
    [change.agencyId, change.unitId].filter((id): id is string => Boolean(id)),
  );
  const routed = agencies.get(change.unitId ?? change.agencyId ?? '');
  if (!routed) return;
  // A suggested unit counts as followed when the report went to its parent agency, until the
  // agency forwards it to a unit (then the unit decides).
  const matches = (code: string | null) => {
    if (!code) return false;
    if (code === routed.code) return true;
    return !change.unitId && (code.startsWith(`${routed.code}/`) || code === routed.code);
  };
  await repository.recordRouting(context.db, change.trackingId, {
    routedTo: routed.code,
    routedAt: change.at,
    isFollowed: matches(suggestion.agencies[0]?.code ?? null),
    isInTop3: suggestion.agencies.slice(0, 3).some((agency) => matches(agency.code)),
  });
}

const ROUTING_ACTIONS = new Set(['disposisi', 'disposisi_unit', 'alihkan', 'bukan_wewenang']);

export async function handleComplaintChange(
  context: InsightsContext,
  change: ComplaintChange,
): Promise<void> {
  if (change.action === 'diajukan') await onFiled(context, change);
  else if (ROUTING_ACTIONS.has(change.action)) await onRouted(context, change);
}

export async function getRoutingAccuracy(context: InsightsContext): Promise<AccuracyReport> {
  const rows = (await repository.routingAccuracyByWeek(context.db)).reverse();
  const weeks = rows.map((row) => ({ ...row, accuracy: row.routed ? row.followed / row.routed : null }));
  const sum = (key: 'routed' | 'followed' | 'inTop3' | 'automatic') =>
    weeks.reduce((total, week) => total + week[key], 0);
  const routed = sum('routed');
  return {
    weeks,
    total: {
      routed,
      followed: sum('followed'),
      inTop3: sum('inTop3'),
      automatic: sum('automatic'),
      accuracy: routed ? sum('followed') / routed : null,
    },
  };
}
