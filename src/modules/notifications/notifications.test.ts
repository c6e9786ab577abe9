import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBearer, makeCitizen } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

let context: TestContext;
beforeAll(async () => {
  context = await startTestApp();
});
afterAll(async () => {
  await context?.close();
});

describe('in-app notifications', () => {
  it('tell a reporter their report arrived, only to them, and can be marked read', async () => {
    const reporter = await makeCitizen(context.app);
    const other = await makeCitizen(context.app);
    const filed = await context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: asBearer(reporter),
      payload: {
        kind: 'aspirasi',
        title: 'Tambah taman bermain anak di kelurahan',
        description:
          'Mohon dibangun taman bermain anak di lahan kosong dekat balai RW agar anak-anak punya ruang aman.',
        privacy: 'publik',
        regionCode: '35.78.01',
      },
    });
    const { trackingId } = filed.json();
    const mine = await context.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?unread=true',
      headers: asBearer(reporter),
    });
    expect(mine.statusCode).toBe(200);
    const [notification] = mine.json().items;
    expect(notification).toMatchObject({ link: `/lapor/${trackingId}`, read: false });
    expect(notification.title).toContain(trackingId);
    const theirs = await context.app.inject({
      method: 'GET',
      url: '/api/v1/notifications',
      headers: asBearer(other),
    });
    expect(theirs.json().items).toEqual([]);
    // Someone else's id is silently not theirs to mark.
    const foreign = await context.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: asBearer(other),
      payload: { ids: [notification.id] },
    });
    expect(foreign.statusCode).toBe(204);
    const stillUnread = await context.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?unread=true',
      headers: asBearer(reporter),
    });
    expect(stillUnread.json().items.map((item: { id: string }) => item.id)).toEqual([notification.id]);
    const marked = await context.app.inject({
      method: 'POST',
      url: '/api/v1/notifications/read',
      headers: asBearer(reporter),
      payload: { ids: [notification.id] },
    });
    expect(marked.statusCode).toBe(204);
    const after = await context.app.inject({
      method: 'GET',
      url: '/api/v1/notifications?unread=true',
      headers: asBearer(reporter),
    });
    expect(after.json().items).toEqual([]);
    const anonymous = await context.app.inject({ method: 'GET', url: '/api/v1/notifications' });
    expect(anonymous.statusCode).toBe(401);
  });
});
