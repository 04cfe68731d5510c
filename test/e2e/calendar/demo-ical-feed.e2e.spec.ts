import { parseFeed } from '../../../src/calendar/ical/feed-parser.js';
import { DEMO_ICAL_FEED } from '../../../src/database/demo-ical-feed.js';
import { demoCalendar } from '../../../src/sandbox/demo-ical-feed.js';
import { SandboxServers } from '../../../src/sandbox/sandbox.module.js';
import { inDays } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import { usingRealDatabase } from '../../support/test-config.js';

const auth = { authorization: 'Bearer test-admin-token-0123456789' };

describe('the demo calendar', () => {
  it('blocks nights 14 to 16 from today, whatever today is', () => {
    const today = '2027-02-20';
    const parsed = parseFeed(demoCalendar(new Date('2027-02-20T12:00:00Z')), {
      timeZone: 'America/Argentina/Buenos_Aires',
      today,
      ownUidSuffix: '@reservas.estadia',
    });
    expect(parsed.blocks).toEqual([
      expect.objectContaining({ startDate: '2027-03-06', endDate: '2027-03-09' }),
    ]);
    expect(parsed.malformed).toBe(0);
  });
});

// The embedded development default (`npm start` with no environment); a real database is never seeded.
(usingRealDatabase ? describe.skip : describe)('embedded development start with the demo feed', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: auth });

  beforeAll(async () => {
    t = await startTestApp({ env: { NODE_ENV: 'development' } });
  });
  afterAll(() => t.close());

  it('imports a fake channel feed for one demo place and syncs it at start', async () => {
    const feeds = async () =>
      (await get(`/accommodations/${DEMO_ICAL_FEED.slug}/ical-feeds`)).json() as Record<string, unknown>[];
    let listed = await feeds();
    while (listed.length === 1 && listed[0]!.last_success_at === null && listed[0]!.last_error === null) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      listed = await feeds();
    }
    const fake = t.app.get(SandboxServers).ical!;
    expect(listed).toEqual([
      expect.objectContaining({
        name: 'Booking.com (demo)',
        url: fake.feedUrl('/demo/casa-del-bosque.ics'),
        last_error: null,
        last_success_at: expect.any(String),
        blocks: 1,
      }),
    ]);

    const free = async (checkIn: string, checkOut: string) =>
      (
        (
          await get(
            `/availability?check_in=${checkIn}&check_out=${checkOut}&guests=2&accommodation=${DEMO_ICAL_FEED.slug}`,
          )
        ).json().available as unknown[]
      ).length;
    expect(await free(inDays(14), inDays(17))).toBe(0);
    expect(await free(inDays(16), inDays(18))).toBe(0);
    expect(await free(inDays(17), inDays(19))).toBe(1);
    expect(await free(inDays(11), inDays(14))).toBe(1);

    const health = (await get('/healthz')).json();
    expect(health.checks.ical_sync).toEqual({ status: 'ok', max_age_minutes: 0 });
  });

  it('is not seeded in test mode or when private addresses are refused', async () => {
    for (const env of [{}, { NODE_ENV: 'development', ICAL_ALLOW_PRIVATE_ADDRESSES: 'false' }]) {
      const other = await startTestApp({ env: { WORKERS_ENABLED: 'false', ...env } });
      try {
        const res = await other.app.inject({
          method: 'GET',
          url: `/api/v1/accommodations/${DEMO_ICAL_FEED.slug}/ical-feeds`,
          headers: auth,
        });
        expect(res.json()).toEqual([]);
        expect(other.app.get(SandboxServers).ical).toBeUndefined();
      } finally {
        await other.close();
      }
    }
  });
});
