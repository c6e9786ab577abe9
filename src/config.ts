import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting the service reads, validated once at start. Nothing else reads process.env.
 * Defaults are safe for the embedded (single-machine) mode.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvironmentSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('HTTP port'),
  HOST: z.string().default('0.0.0.0').describe('Interface to listen on'),
  DATA_DIR: z
    .string()
    .default('./data')
    .describe('Folder for the embedded database, outbox e-mails, files and the generated secret key'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .describe('postgres://… to use a PostgreSQL server instead of the embedded PGlite'),
  PUBLIC_URL: z
    .string()
    .url()
    .optional()
    .describe('Address users reach the service at, used in e-mailed links (default http://localhost:PORT)'),
  SECRET_KEY: z
    .string()
    .min(32)
    .optional()
    .describe(
      'Key (≥32 chars) that encrypts personal identifiers; generated into DATA_DIR/secret.key if unset',
    ),
  SMTP_URL: z
    .string()
    .optional()
    .describe('smtp(s)://user:pass@host:port; without it e-mails go to DATA_DIR/outbox'),
  MAIL_FROM: z.string().default('Terpadu <no-reply@terpadu.localhost>').describe('Sender of e-mails'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level of the JSON logs on stdout'),
  TRUST_PROXY: booleanFlag
    .default(false)
    .describe('Trust X-Forwarded-* (set when behind a TLS reverse proxy)'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12).describe('Lifetime of a browser session'),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1_048_576)
    .describe('Largest accepted request body'),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(20)
    .describe('Login attempts per IP'),
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5).describe('Failed logins per account'),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15).describe('How long an account stays locked'),
  INITIAL_ADMIN_EMAIL: z
    .string()
    .email()
    .default('admin@terpadu.local')
    .describe('Log-in of the first system administrator, created on the first start'),
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(5 * 1_048_576)
    .describe('Largest photo or PDF attached to a report'),
  ATTACHMENTS_PER_REPORT: z.coerce
    .number()
    .int()
    .positive()
    .default(10)
    .describe('Attachments allowed per report'),
  WEB_DIST_DIR: z.string().default('./web/dist').describe('Built web front end served at /'),
  OPEN311_RATE_LIMIT_PER_MINUTE: z.coerce
    .number()
    .int()
    .positive()
    .default(60)
    .describe('Open311 requests per minute per API key (per IP address for reads without a key)'),
  REDIS_URL: z
    .string()
    .url()
    .optional()
    .describe('redis://host:6379 to share rate limits between instances; in-memory per instance if unset'),
  // Routing (insights module)
  ROUTING_AUTO_DISPOSITION: booleanFlag
    .default(false)
    .describe(
      'Disposition new reports to the suggested agency (not a unit) when the agency model is confident enough (audited, reversible)',
    ),
  ROUTING_AUTO_DISPOSITION_MIN_CONFIDENCE: z.coerce
    .number()
    .min(0.5)
    .max(1)
    .default(0.9)
    .describe('Lowest top-agency probability for automatic disposition'),
  ROUTING_RETRAIN_CRON: z
    .string()
    .default('0 2 * * 0')
    .describe(
      'When to retrain the routing models from routed reports (cron, WIB); activates only if not worse',
    ),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secretKey: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: z.infer<typeof EnvironmentSchema>['LOG_LEVEL'];
  trustProxy: boolean;
  sessionTtlHours: number;
  bodyLimitBytes: number;
  loginRateLimitPerMinute: number;
  loginMaxFailures: number;
  loginLockMinutes: number;
  initialAdminEmail: string;
  attachmentMaxBytes: number;
  attachmentsPerReport: number;
  webDistDir: string;
  open311RateLimitPerMinute: number;
  redisUrl: string | undefined;
  routing: { isAutoDispositionEnabled: boolean; autoDispositionMinConfidence: number; retrainCron: string };
};

export class ConfigError extends Error {}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvironmentSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    databaseUrl: env.DATABASE_URL,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    secretKey: env.SECRET_KEY,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockMinutes: env.LOGIN_LOCK_MINUTES,
    initialAdminEmail: env.INITIAL_ADMIN_EMAIL,
    attachmentMaxBytes: env.ATTACHMENT_MAX_BYTES,
    attachmentsPerReport: env.ATTACHMENTS_PER_REPORT,
    webDistDir: path.resolve(env.WEB_DIST_DIR),
    open311RateLimitPerMinute: env.OPEN311_RATE_LIMIT_PER_MINUTE,
    redisUrl: env.REDIS_URL || undefined,
    routing: {
      isAutoDispositionEnabled: env.ROUTING_AUTO_DISPOSITION,
      autoDispositionMinConfidence: env.ROUTING_AUTO_DISPOSITION_MIN_CONFIDENCE,
      retrainCron: env.ROUTING_RETRAIN_CRON,
    },
  };
}

/** Describes every variable, for `terpadu config` and .env.example. */
export function describeConfig(): Array<{
  name: string;
  description: string | undefined;
  defaultValue: string;
}> {
  const defaults: Record<string, unknown> = EnvironmentSchema.parse({});
  return Object.entries(EnvironmentSchema.shape).map(([name, schema]) => ({
    name,
    description: schema.description,
    defaultValue: defaults[name] === undefined ? '' : String(defaults[name]),
  }));
}
