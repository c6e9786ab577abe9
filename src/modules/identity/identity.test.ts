import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenInput, problem, registerCitizen, login } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

let context: TestContext;
beforeAll(async () => {
  context = await startTestApp();
});
afterAll(async () => {
  await context?.close();
});

describe('citizen registration', () => {
  it('registers a citizen with a valid NIK and shows it masked', async () => {
    const input = makeCitizenInput();
    const response = await context.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: input });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.nikMasked).toBe(`35**********${input.nik.slice(12)}`);
    expect(response.body).not.toContain(input.nik);
  });

  it('refuses a NIK whose region does not exist, in Indonesian by default', async () => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: makeCitizenInput({ nik: '9978011205900001' }),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(problem(response).errors).toEqual([
      expect.objectContaining({ field: 'nik', code: 'NIK_REGION_UNKNOWN', message: expect.stringContaining('Kemendagri') }),
    ]);
  });

  it('logs in with the registered e-mail', async () => {
    const { input } = await registerCitizen(context.app);
    const session = await login(context.app, { email: input.email, password: input.password });
    expect(session.token.length).toBeGreaterThan(20);
  });
});
