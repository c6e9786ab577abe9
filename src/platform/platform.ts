import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.ts';
import { CalendarStore } from './calendar/calendar.ts';
import { createPersonalDataCipher, type PersonalDataCipher } from './crypto/personal-data.ts';
import { type DatabaseHandle, openDatabase } from './db/database.ts';
import { FileStore } from './files/files.ts';
import { OutboxDispatcher } from './notify/outbox.ts';

/** What every module is handed: configuration, the database, the cipher and the e-mail outbox. */
export type Platform = {
  config: Config;
  database: DatabaseHandle;
  cipher: PersonalDataCipher;
  outbox: OutboxDispatcher;
  calendar: CalendarStore;
  files: FileStore;
  /** The time every rule reads; tests move it to cross weeks of working days. */
  clock: { now(): Date };
  close(): Promise<void>;
};

/** Reads SECRET_KEY, or the key generated into DATA_DIR on first start. */
async function loadSecretKey(config: Config): Promise<string> {
  if (config.secretKey) return config.secretKey;
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(config.dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64url');
  // 'wx' refuses to overwrite a key another process wrote a moment ago.
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}

export async function openPlatform(
  config: Config,
  options: { database?: DatabaseHandle; onOutboxError?: (error: unknown) => void } = {},
): Promise<Platform> {
  const database =
    options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  const cipher = createPersonalDataCipher(await loadSecretKey(config));
  const outbox = new OutboxDispatcher(
    database.db,
    { smtpUrl: config.smtpUrl, mailFrom: config.mailFrom, outboxDir: path.join(config.dataDir, 'outbox') },
    options.onOutboxError,
  );
  return {
    config,
    database,
    cipher,
    outbox,
    calendar: new CalendarStore(database.db),
    files: new FileStore(path.join(config.dataDir, 'files')),
    clock: { now: () => new Date() },
    close: async () => {
      await outbox.close();
      await database.close();
    },
  };
}
