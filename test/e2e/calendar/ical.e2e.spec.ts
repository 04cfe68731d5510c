import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import ical, { type VEvent } from 'node-ical';
import { FakeIcalFeeds } from '../../../src/sandbox/fake-ical-feeds.js';
import { icsCalendar } from '../../support/ical.js';
import { inDays, randomPhone } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const auth = { authorization: 'Bearer test-admin-token-0123456789' };

describe('iCal over the API', () => {
  const fake = new FakeIcalFeeds();
  let t: TestApp;
  let slug: string;
  let token: string;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, headers: object = auth) =>
    t.app.inject({ method, url: `/api/v1${url}`, payload, headers: headers as Record<string, string> });
  const available = async (checkIn: string, checkOut: string) =>
    (
      await call(
        'GET',
        `/availability?check_in=${checkIn}&check_out=${checkOut}&guests=2&accommodation=${slug}`,
      )
    ).json().available as unknown[];
  const holdOver = (checkIn: string, checkOut: string) =>
    call('POST', '/reservations', {
      accommodation: slug,
      check_in: checkIn,
      check_out: checkOut,
      guests_count: 2,
      guest_phone: randomPhone(),
      guest_name: 'Martina',
    });

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ env: { WORKERS_ENABLED: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });
  beforeEach(async () => {
    slug = `ical-${randomBytes(4).toString('hex')}`;
    const created = await call('POST', '/accommodations', {
      slug,
      name: 'Cabaña, Lago',
      capacity: 4,
      nightly_price: '90000',
    });
    token = created.json().ical_export_token as string;
  });

  it('schedules no background sync with WORKERS_ENABLED=false', () => {
    expect(t.app.get(SchedulerRegistry).doesExist('interval', 'ical-sync')).toBe(false);
  });

  it('imports a channel feed: the dates show as taken and a hold on them is refused', async () => {
    const path = `/airbnb/${randomBytes(4).toString('hex')}.ics`;
    fake.setFeed(path, icsCalendar([{ uid: 'hm1@airbnb.com', start: inDays(20), end: inDays(25) }]));
    const added = await call('POST', `/accommodations/${slug}/ical-feeds`, {
      url: fake.feedUrl(path),
      name: 'Airbnb',
    });
    expect(added.statusCode).toBe(201);
    const feed = added.json();
    expect(feed).toMatchObject({
      accommodation: slug,
      name: 'Airbnb',
      url: fake.feedUrl(path),
      last_success_at: null,
      blocks: 0,
    });
    expect(await available(inDays(21), inDays(23))).toHaveLength(1);

    const synced = await call('POST', `/accommodations/${slug}/ical-feeds/${feed.id}/sync`);
    expect(synced.statusCode).toBe(200);
    expect(synced.json()).toMatchObject({ last_error: null, blocks: 1, last_success_at: expect.any(String) });

    expect(await available(inDays(21), inDays(23))).toEqual([]);
    const refused = await holdOver(inDays(24), inDays(27));
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'no_availability' });
    expect((await holdOver(inDays(25), inDays(27))).statusCode).toBe(201);

    const listed = await call('GET', `/accommodations/${slug}/ical-feeds`);
    expect(listed.json()).toEqual([
      expect.objectContaining({ id: feed.id, blocks: 1, last_attempt_at: expect.any(String) }),
    ]);

    expect((await call('DELETE', `/accommodations/${slug}/ical-feeds/${feed.id}`)).statusCode).toBe(204);
    expect(await available(inDays(21), inDays(23))).toHaveLength(1);
    expect((await call('GET', `/accommodations/${slug}/ical-feeds`)).json()).toEqual([]);
  });

  it('shows a failed sync on the feed', async () => {
    const path = `/gone/${randomBytes(4).toString('hex')}.ics`;
    const feed = (
      await call('POST', `/accommodations/${slug}/ical-feeds`, { url: fake.feedUrl(path) })
    ).json();
    const synced = await call('POST', `/accommodations/${slug}/ical-feeds/${feed.id}/sync`);
    expect(synced.statusCode).toBe(200);
    expect(synced.json()).toMatchObject({
      last_error: 'HTTP 404',
      last_success_at: null,
      consecutive_failures: 1,
    });
  });

  it('answers bad requests with clear 4xx JSON errors', async () => {
    const bad = async (
      method: 'GET' | 'POST' | 'DELETE',
      url: string,
      payload: object | undefined,
      status: number,
      error: string,
    ) => {
      const res = await call(method, url, payload);
      expect({ status: res.statusCode, body: res.json() }).toMatchObject({
        status,
        body: { error, message: expect.any(String) },
      });
    };
    for (const url of ['ftp://example.com/a.ics', 'javascript:alert(1)', 'not a url', 'file:///etc/passwd']) {
      await bad('POST', `/accommodations/${slug}/ical-feeds`, { url }, 400, 'validation_failed');
    }
    await bad('POST', `/accommodations/${slug}/ical-feeds`, {}, 400, 'validation_failed');
    await bad(
      'POST',
      '/accommodations/no-such-place/ical-feeds',
      { url: 'https://example.com/a.ics' },
      404,
      'not_found',
    );
    await call('POST', `/accommodations/${slug}/ical-feeds`, { url: 'https://example.com/b.ics' });
    await bad(
      'POST',
      `/accommodations/${slug}/ical-feeds`,
      { url: 'https://example.com/b.ics' },
      409,
      'feed_exists',
    );
    await bad('DELETE', `/accommodations/${slug}/ical-feeds/not-a-uuid`, undefined, 404, 'not_found');
    await bad(
      'POST',
      `/accommodations/${slug}/ical-feeds/00000000-0000-4000-8000-000000000000/sync`,
      undefined,
      404,
      'not_found',
    );
    await bad('GET', '/accommodations/no-such-place/ical-feeds', undefined, 404, 'not_found');
    for (const [method, url] of [
      ['GET', `/accommodations/${slug}/ical-feeds`],
      ['POST', `/accommodations/${slug}/ical-feeds`],
      ['DELETE', `/accommodations/${slug}/ical-feeds/00000000-0000-4000-8000-000000000000`],
      ['POST', `/accommodations/${slug}/ical-feeds/00000000-0000-4000-8000-000000000000/sync`],
    ] as const) {
      const res = await call(method, url, method === 'GET' ? undefined : {}, {});
      expect(res.statusCode).toBe(401);
    }
  });

  it('exports our holds and confirmed stays as an iCal feed that parses back', async () => {
    const first = (await holdOver(inDays(10), inDays(13))).json();
    const second = (await holdOver(inDays(30), inDays(31))).json();
    await call('POST', `/reservations/${second.code}/confirm`);
    const cancelled = (await holdOver(inDays(40), inDays(42))).json();
    await call('POST', `/reservations/${cancelled.code}/cancel`);

    const res = await call('GET', `/accommodations/${slug}/calendar.ics?token=${token}`, undefined, {});
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.body).toMatch(/\r\n$/);
    expect(res.body).not.toMatch(/Martina|54911\d{8}/);
    const events = Object.values(ical.sync.parseICS(res.body)).filter(
      (c) => c?.type === 'VEVENT',
    ) as VEvent[];
    const iso = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    expect(events.map((e) => [e.uid, iso(e.start), iso(e.end!), e.summary])).toEqual([
      [`${first.code}@reservas.estadia`, inDays(10), inDays(13), 'Reservado'],
      [`${second.code}@reservas.estadia`, inDays(30), inDays(31), 'Reservado'],
    ]);

    const again = await call('GET', `/accommodations/${slug}/calendar.ics?token=${token}`, undefined, {
      'if-none-match': res.headers.etag as string,
    });
    expect(again.statusCode).toBe(304);
  });

  it('tells the operator the export address', async () => {
    const res = await call('GET', `/accommodations/${slug}/calendar-export`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accommodation: slug, token, url: expect.any(String) });
    // Absolute: the operator pastes it into the channel as it is.
    const address = new URL(res.json().url);
    expect(address.protocol).toMatch(/^https?:$/);
    expect(address.pathname + address.search).toBe(
      `/api/v1/accommodations/${slug}/calendar.ics?token=${token}`,
    );
    const feed = await call(
      'GET',
      `${address.pathname.replace('/api/v1', '')}${address.search}`,
      undefined,
      {},
    );
    expect(feed.statusCode).toBe(200);
    expect((await call('GET', `/accommodations/${slug}/calendar-export`, undefined, {})).statusCode).toBe(
      401,
    );
    expect((await call('GET', '/accommodations/no-such-place/calendar-export')).statusCode).toBe(404);
  });

  it('rotates the export token: the old address is dead, the new one works', async () => {
    const ics = (tokenValue: string) =>
      call('GET', `/accommodations/${slug}/calendar.ics?token=${tokenValue}`, undefined, {});
    expect((await ics(token)).statusCode).toBe(200);

    const rotated = await call('POST', `/accommodations/${slug}/calendar-export/rotate`);
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json() as { accommodation: string; token: string; url: string };
    expect(fresh).toEqual({ accommodation: slug, token: expect.any(String), url: expect.any(String) });
    expect(fresh.token).not.toBe(token);
    expect(fresh.token.length).toBeGreaterThanOrEqual(32);
    const address = new URL(fresh.url);
    expect(address.pathname + address.search).toBe(
      `/api/v1/accommodations/${slug}/calendar.ics?token=${fresh.token}`,
    );

    const old = await ics(token);
    expect({ status: old.statusCode, body: old.json() }).toEqual({
      status: 404,
      body: { error: 'not_found', message: 'Calendar not found' },
    });
    expect((await ics(fresh.token)).statusCode).toBe(200);
    // The admin views show the new secret too.
    expect((await call('GET', `/accommodations/${slug}/calendar-export`)).json()).toEqual(fresh);

    expect(
      (await call('POST', `/accommodations/${slug}/calendar-export/rotate`, undefined, {})).statusCode,
    ).toBe(401);
    expect((await ics(fresh.token)).statusCode).toBe(200);
    const missing = await call('POST', '/accommodations/no-such-place/calendar-export/rotate');
    expect({ status: missing.statusCode, error: missing.json().error }).toEqual({
      status: 404,
      error: 'not_found',
    });
  });

  it('refuses the export without the right token, revealing nothing', async () => {
    for (const url of [
      `/accommodations/${slug}/calendar.ics`,
      `/accommodations/${slug}/calendar.ics?token=wrong`,
      `/accommodations/no-such-place/calendar.ics?token=${token}`,
    ]) {
      const res = await call('GET', url, undefined, {});
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: 'not_found', message: 'Calendar not found' });
    }
  });
});
