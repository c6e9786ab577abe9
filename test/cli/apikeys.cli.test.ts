import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CliInstallation,
  prepareInstallation,
  runCli,
  type ServeProcess,
  startServe,
} from './cli-harness.ts';

/**
 * An operator issues an Open311 key at the console, a civic app posts with it, the operator revokes
 * it and the app is refused. Steps rely on the ones before; the first migrates an empty database.
 */
const STEP_TIMEOUT = 120_000;

let installation: CliInstallation;
let environment: Record<string, string>;
const servers: ServeProcess[] = [];
let key: string;
let keyId: string;

beforeAll(async () => {
  installation = await prepareInstallation(await mkdtemp(path.join(tmpdir(), 'terpadu-apikeys-')));
  environment = installation.environment;
});
afterAll(async () => {
  for (const server of servers) server.kill();
  await installation?.drop();
  if (installation) await rm(installation.dataDir, { recursive: true, force: true });
});

/** Runs `serve`, posts one Open311 request with `key`, stops; returns the HTTP status. */
async function postWithServer(apiKey: string): Promise<{ status: number; body: string }> {
  const server = startServe({ ...environment, PORT: '0', HOST: '127.0.0.1' });
  servers.push(server);
  try {
    const [, port] = await server.waitFor(/Terpadu berjalan di http:\/\/localhost:(\d+)/);
    const response = await fetch(`http://127.0.0.1:${port}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: apiKey,
        service_code: 'infrastruktur',
        lat: '-7.33',
        long: '112.70',
        description: 'Lampu penerangan jalan padam sepanjang satu kilometer sejak minggu lalu.',
      }).toString(),
    });
    return { status: response.status, body: await response.text() };
  } finally {
    await server.stop();
  }
}

describe('terpadu apikeys', () => {
  it(
    'create prints the key once; list shows only its prefix',
    async () => {
      const created = await runCli(
        ['apikeys', 'create', '--name', 'Aplikasi Lapor Surabaya', '--region', '35.78'],
        environment,
      );
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      const match =
        /created: Aplikasi Lapor Surabaya \(([0-9a-f-]{36})\)[\s\S]*\n(o311_[A-Za-z0-9_-]{32})\n/.exec(
          created.stdout,
        );
      expect(match, created.stdout).not.toBeNull();
      [, keyId, key] = match as unknown as [string, string, string];

      const listed = await runCli(['apikeys', 'list'], environment);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain(keyId);
      expect(listed.stdout).toContain(`${key.slice(0, 10)}…`);
      expect(listed.stdout).not.toContain(key);
      const [row] = await installation.execute(`select key_hash from open311.api_keys where id = '${keyId}'`);
      expect(row!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    },
    STEP_TIMEOUT,
  );

  it(
    'a client posts with the key, in the key’s region',
    async () => {
      const posted = await postWithServer(key);
      expect(posted.status, posted.body).toBe(201);
      const [row] = await installation.execute(
        `select region_code, channel from complaints.complaints order by submitted_at desc limit 1`,
      );
      expect(row).toEqual({ region_code: '35.78', channel: 'open311' });
    },
    STEP_TIMEOUT,
  );

  it(
    'revoke stops the key: the client gets 403 in the spec’s error format',
    async () => {
      const revoked = await runCli(['apikeys', 'revoke', keyId], environment);
      expect(revoked.code).toBe(0);
      expect(revoked.stdout).toContain('dicabut / API key revoked');
      const refused = await postWithServer(key);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toEqual([{ code: 403, description: expect.any(String) }]);

      const unknown = await runCli(
        ['apikeys', 'revoke', '00000000-0000-4000-8000-000000000000'],
        environment,
      );
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('API_KEY_NOT_FOUND');
    },
    STEP_TIMEOUT,
  );
});
