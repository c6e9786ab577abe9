import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { pgliteExtensions } from '../../src/platform/db/embedded.ts';
import { databaseUrlFor, TEST_DATABASE_PREFIX } from '../support/database-urls.ts';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type CliResult = { code: number | null; stdout: string; stderr: string };

/**
 * Where the CLI keeps its data: a DATA_DIR always, and on the postgres project an empty database
 * of its own on the server (named like every test database, so a crashed run's leftover is dropped
 * by the global teardown).
 */
export type CliInstallation = {
  dataDir: string;
  databaseUrl: string | undefined;
  environment: Record<string, string>;
  /** Runs SQL against the installation's database; only while no CLI process has it open. */
  execute(statement: string): Promise<Array<Record<string, unknown>>>;
  drop(): Promise<void>;
};

export async function prepareInstallation(dataDir: string): Promise<CliInstallation> {
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dataDir,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    WEB_DIST_DIR: path.join(dataDir, 'no-web'),
  };
  if (inject('databaseKind') === 'pglite') {
    return {
      dataDir,
      databaseUrl: undefined,
      environment,
      execute: async (statement) => {
        const client = await PGlite.create(path.join(dataDir, 'pglite'), { extensions: pgliteExtensions });
        try {
          return (await client.query<Record<string, unknown>>(statement)).rows;
        } finally {
          await client.close();
        }
      },
      drop: async () => {},
    };
  }
  const adminUrl = inject('adminUrl');
  const name = `${TEST_DATABASE_PREFIX}cli_${randomBytes(4).toString('hex')}_${inject('template').slice(-8)}`;
  await withClient(adminUrl, (client) => client.query(`create database ${name}`));
  const databaseUrl = databaseUrlFor(adminUrl, name);
  return {
    dataDir,
    databaseUrl,
    environment: { ...environment, DATABASE_URL: databaseUrl },
    execute: (statement) => withClient(databaseUrl, async (client) => (await client.query(statement)).rows),
    drop: () =>
      withClient(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`)).then(
        () => {},
      ),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function spawnCli(args: string[], environment: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['bin/terpadu.js', ...args], {
    cwd: REPOSITORY_ROOT,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `terpadu <args>` to completion, as an operator would in a shell. */
export function runCli(args: string[], environment: Record<string, string>): Promise<CliResult> {
  const child = spawnCli(args, environment);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `terpadu serve` running in the background until stop(). */
export type ServeProcess = {
  output(): string;
  /** Resolves with the first match in stdout, or rejects if the process ends first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  /** Sends SIGTERM and resolves with how the process ended. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kills it if still running; for clean-up after a failed test. */
  kill(): void;
};

export function startServe(environment: Record<string, string>): ServeProcess {
  const child = spawnCli(['serve'], environment);
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  return {
    output: () => stdout,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (!match) return false;
          listeners.delete(check);
          resolve(match);
          return true;
        };
        if (check()) return;
        listeners.add(check);
        void exited.then(({ code, signal }) => {
          if (listeners.delete(check)) {
            reject(
              new Error(`serve ended (${code ?? signal}) before printing ${pattern}:\n${stdout}\n${stderr}`),
            );
          }
        });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
