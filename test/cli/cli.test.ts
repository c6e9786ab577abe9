import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  type CliInstallation,
  prepareInstallation,
  REPOSITORY_ROOT,
  runCli,
  type ServeProcess,
  startServe,
} from './cli-harness.ts';

/**
 * One operator's story on one installation, step by step: each step relies on the ones before it.
 * The first step migrates an empty database and loads ~90k areas, so steps get generous time.
 */
const STEP_TIMEOUT = 120_000;

let installation: CliInstallation;
let environment: Record<string, string>;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  installation = await prepareInstallation(await mkdtemp(path.join(tmpdir(), 'terpadu-cli-')));
  environment = installation.environment;
});
afterAll(async () => {
  for (const server of servers) server.kill();
  await installation?.drop();
  if (installation) await rm(installation.dataDir, { recursive: true, force: true });
});

/** Starts `terpadu serve` on a free port of 127.0.0.1 and waits until it says it is running. */
async function serve() {
  const server = startServe({ ...environment, PORT: '0', HOST: '127.0.0.1' });
  servers.push(server);
  const [, port] = await server.waitFor(/Terpadu berjalan di http:\/\/localhost:(\d+)/);
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function writeCsv(name: string, lines: string[]): Promise<string> {
  const file = path.join(installation.dataDir, name);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

const OFFICER = { email: 'Penghubung.SDA@Surabaya.go.id', password: 'kata-sandi-penghubung-1' };
const CITIZEN = { email: 'budi.santoso@example.id', password: 'kata-sandi-warga-1', nik: '3578014506950002' };
let demoAccounts: Map<string, { email: string; password: string }>;

describe('terpadu command line', () => {
  it('refuses an invalid setting with a message naming it, before touching any data', async () => {
    const result = await runCli(['migrate'], { ...environment, PORT: 'delapan-ribu' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toContain('PORT');
    expect(existsSync(path.join(installation.dataDir, 'secret.key'))).toBe(false);
  });

  it(
    'migrate prepares an empty installation and generates its secret key',
    async () => {
      const result = await runCli(['migrate'], environment);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Basis data mutakhir / database up to date.');
      expect(existsSync(path.join(installation.dataDir, 'secret.key'))).toBe(true);
      if (inject('databaseKind') === 'pglite') {
        expect(existsSync(path.join(installation.dataDir, 'pglite'))).toBe(true);
      }
      const [counts] = await installation.execute(
        `select (select count(*)::int from platform.regions) as regions,
                (select count(*)::int from identity.agencies) as agencies`,
      );
      const centralAgencies = await readFile(
        path.join(REPOSITORY_ROOT, 'src/modules/identity/data/instansi-pusat.csv'),
        'utf8',
      );
      const centralCount = centralAgencies.trim().split('\n').length - 1;
      expect(counts).toEqual({ regions: 91_599, agencies: 38 + 514 + centralCount });
    },
    STEP_TIMEOUT,
  );

  it(
    'serve prints the first administrator’s login once, answers /readyz and stops cleanly on SIGTERM',
    async () => {
      const { server, baseUrl } = await serve();
      const [, email, password] = await server.waitFor(/^\s+sysadmin\s+(\S+@\S+)\s+(\S+)\s*$/m);
      expect(server.output()).toContain('Akun administrator sistem pertama');

      const ready = await fetch(`${baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', database: inject('databaseKind') });
      const login = await postJson(`${baseUrl}/api/v1/auth/login`, { email, password });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ role: 'sysadmin', kind: 'petugas' });

      expect(await server.stop()).toEqual({ code: 0, signal: null });
    },
    STEP_TIMEOUT,
  );

  it(
    'agencies create adds a unit under Kota Surabaya, and says so when it already exists',
    async () => {
      const args = ['agencies', 'create', '--parent', '35.78', '--code', 'dinas-sda', '--name', 'Dinas SDA'];
      const created = await runCli(args, environment);
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('Instansi dibuat / agency created: 35.78/dinas-sda');

      const again = await runCli(args, environment);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('Sudah ada / already exists: 35.78/dinas-sda');
    },
    STEP_TIMEOUT,
  );

  it(
    'agencies import adds the rows of a CSV file',
    async () => {
      const file = await writeCsv('units.csv', [
        'code,name,parent_code',
        'bidang-drainase,Bidang Drainase,35.78/dinas-sda',
        'dinas-perhubungan,Dinas Perhubungan,35.78',
      ]);
      const result = await runCli(['agencies', 'import', '--csv', file], environment);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Ditambahkan / added: 2, sudah ada / already present: 0');
    },
    STEP_TIMEOUT,
  );

  it(
    'agencies import refuses a bad file with a readable message per row and adds nothing',
    async () => {
      const file = await writeCsv('bad-units.csv', [
        'code,name,parent_code',
        'dinas-pendidikan,Dinas Pendidikan,35.78',
        'Dinas Sosial!,Dinas Sosial,35.78',
        'dinas-tanpa-induk,Dinas Tanpa Induk,99.99',
      ]);
      const result = await runCli(['agencies', 'import', '--csv', file], environment);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Data yang dikirim tidak valid. (VALIDATION_FAILED)');
      expect(result.stderr).toContain('row 3: code "Dinas Sosial!"');

      const withUnknownParent = await writeCsv('orphan-units.csv', [
        'code,name,parent_code',
        'dinas-pendidikan,Dinas Pendidikan,35.78',
        'dinas-tanpa-induk,Dinas Tanpa Induk,99.99',
      ]);
      const orphan = await runCli(['agencies', 'import', '--csv', withUnknownParent], environment);
      expect(orphan.code).toBe(1);
      expect(orphan.stderr).toContain('row 3: parent "99.99"');

      const [row] = await installation.execute(
        `select count(*)::int as count from identity.agencies where code = '35.78/dinas-pendidikan'`,
      );
      expect(row).toEqual({ count: 0 });
    },
    STEP_TIMEOUT,
  );

  it(
    'users create makes an officer of the new unit',
    async () => {
      const result = await runCli(
        [
          'users',
          'create',
          '--email',
          OFFICER.email,
          '--password',
          OFFICER.password,
          '--name',
          'Rina Penghubung',
          '--role',
          'penghubung',
          '--agency',
          '35.78/dinas-sda',
        ],
        environment,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Petugas dibuat / officer created:');
      expect(result.stdout).toContain('(penghubung, 35.78/dinas-sda)');
    },
    STEP_TIMEOUT,
  );

  it(
    'users create makes a verified citizen from a NIK and shows the NIK masked',
    async () => {
      const result = await runCli(
        [
          'users',
          'create',
          '--email',
          CITIZEN.email,
          '--password',
          CITIZEN.password,
          '--name',
          'Budi Santoso',
          '--nik',
          CITIZEN.nik,
          '--verified',
        ],
        environment,
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `Warga dibuat / citizen created: ${CITIZEN.email} (NIK 35**********0002)`,
      );
      expect(result.stdout).not.toContain(CITIZEN.nik);
    },
    STEP_TIMEOUT,
  );

  it(
    'users create refuses an invalid NIK with the Indonesian explanation',
    async () => {
      const result = await runCli(
        [
          'users',
          'create',
          '--email',
          'nik.salah@example.id',
          '--password',
          'kata-sandi-warga-2',
          '--name',
          'Salah NIK',
          '--nik',
          '9978011205900001',
        ],
        environment,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain('Data yang dikirim tidak valid. (VALIDATION_FAILED)');
      expect(result.stderr).toContain(
        'nik: Kode wilayah pada NIK (6 angka pertama) tidak terdaftar di Kemendagri.',
      );
    },
    STEP_TIMEOUT,
  );

  it(
    'users create refuses a malformed e-mail address or a short password',
    async () => {
      const badEmail = await runCli(
        [
          'users',
          'create',
          '--email',
          'bukan-email',
          '--password',
          'kata-sandi-warga-3',
          '--name',
          'Email Salah',
          '--nik',
          '3578011205900003',
        ],
        environment,
      );
      expect(badEmail.code).toBe(1);
      expect(badEmail.stderr).toContain('Data yang dikirim tidak valid. (VALIDATION_FAILED)');
      expect(badEmail.stderr).toMatch(/^\s+email: /m);

      const shortPassword = await runCli(
        [
          'users',
          'create',
          '--email',
          'sandi.pendek@example.id',
          '--password',
          'abc',
          '--name',
          'Sandi Pendek',
          '--role',
          'penghubung',
          '--agency',
          '35.78/dinas-sda',
        ],
        environment,
      );
      expect(shortPassword.code).toBe(1);
      expect(shortPassword.stderr).toMatch(/^\s+password: /m);
    },
    STEP_TIMEOUT,
  );

  it(
    'seed --demo prints one account per role (and the birth services’ first-step officers) with its password',
    async () => {
      const result = await runCli(['seed', '--demo'], environment);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Akun demo / demo accounts (email, password):');
      const lines = [...result.stdout.matchAll(/^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/gm)];
      demoAccounts = new Map(
        lines.map(([, role, email, password]) => [role!, { email: email!, password: password! }]),
      );
      expect([...demoAccounts.keys()].sort()).toEqual(
        [
          'admin-instansi',
          'admin-nasional',
          'pengawas',
          'penghubung',
          // The officers who take the first step of the demo's birth services.
          'penghubung.capil',
          'penghubung.dinkes',
          'sysadmin',
          'warga',
        ].sort(),
      );
      for (const account of demoAccounts.values()) expect(account.password.length).toBeGreaterThanOrEqual(8);
    },
    STEP_TIMEOUT,
  );

  it(
    'serve does not print an administrator login again, and the accounts made on the command line log in',
    async () => {
      const { server, baseUrl } = await serve();
      expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

      const officer = await postJson(`${baseUrl}/api/v1/auth/login`, OFFICER);
      expect(officer.status).toBe(200);
      expect(officer.body.user).toMatchObject({ role: 'penghubung', agency: { code: '35.78/dinas-sda' } });

      const citizen = await postJson(`${baseUrl}/api/v1/auth/login`, {
        nik: CITIZEN.nik,
        password: CITIZEN.password,
      });
      expect(citizen.status).toBe(200);
      expect(citizen.body.user).toMatchObject({
        kind: 'warga',
        emailVerified: true,
        nikMasked: '35**********0002',
      });

      const demo = demoAccounts.get('pengawas')!;
      const demoLogin = await postJson(`${baseUrl}/api/v1/auth/login`, demo);
      expect(demoLogin.status).toBe(200);
      expect(demoLogin.body.user).toMatchObject({ role: 'pengawas' });
      // The officer who takes the first step of the demo birth certificate.
      const capil = await postJson(`${baseUrl}/api/v1/auth/login`, demoAccounts.get('penghubung.capil')!);
      expect(capil.status).toBe(200);
      expect(capil.body.user).toMatchObject({
        role: 'penghubung',
        agency: { code: '35.78/dispendukcapil' },
      });

      expect(await server.stop()).toEqual({ code: 0, signal: null });
      expect(server.output()).toContain('Terpadu berjalan di');
      expect(server.output()).not.toContain('Akun administrator sistem pertama');
      expect(server.output()).not.toMatch(/^\s+sysadmin\s/m);
    },
    STEP_TIMEOUT,
  );

  it(
    'audit verify finds the chain intact',
    async () => {
      const result = await runCli(['audit', 'verify'], environment);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Jejak audit utuh \/ audit chain intact: \d+ entries/);
      const [, entries] = /intact: (\d+) entries/.exec(result.stdout)!;
      const [row] = await installation.execute('select count(*)::int as count from platform.audit_log');
      expect(Number(entries)).toBe(row!.count);
    },
    STEP_TIMEOUT,
  );

  it(
    'audit verify exits 1 and names the entry when the log was altered in the database',
    async () => {
      const [second] = await installation.execute(
        'select id from platform.audit_log order by id offset 1 limit 1',
      );
      const id = Number(second!.id);
      await installation.execute(`update platform.audit_log set details = '{"x":1}' where id = ${id}`);

      const result = await runCli(['audit', 'verify'], environment);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        `Jejak audit RUSAK / audit chain BROKEN at entry ${id} (content-altered) after 1 good entries`,
      );
    },
    STEP_TIMEOUT,
  );
});
