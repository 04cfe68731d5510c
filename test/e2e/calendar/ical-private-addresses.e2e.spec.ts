import { randomBytes } from 'node:crypto';
import { FakeIcalFeeds } from '../../../src/sandbox/fake-ical-feeds.js';
import { sql } from '../../support/db.js';
import { icsCalendar } from '../../support/ical.js';
import { createPlace, inDays } from '../../support/reservations.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const auth = { authorization: 'Bearer test-admin-token-0123456789' };

/** Production's rule (ICAL_ALLOW_PRIVATE_ADDRESSES=false): feed URLs may not reach the server's own network. */
describe('iCal feeds with private addresses refused', () => {
  const fake = new FakeIcalFeeds();
  let t: TestApp;

  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, payload, headers: auth });

  beforeAll(async () => {
    await fake.start();
    t = await startTestApp({ env: { WORKERS_ENABLED: 'false', ICAL_ALLOW_PRIVATE_ADDRESSES: 'false' } });
  });
  afterAll(async () => {
    await t.close();
    await fake.stop();
  });

  it('answers 400 with a clear message for a loopback, private, metadata or local-name URL', async () => {
    const place = await createPlace(t);
    fake.setFeed('/feed.ics', icsCalendar([]));
    const port = new URL(fake.url).port;
    for (const [url, host] of [
      [fake.feedUrl('/feed.ics'), '127.0.0.1 is'],
      [`http://localhost:${port}/feed.ics`, 'localhost resolves to'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is'],
      ['https://10.0.0.8/cal.ics', '10.0.0.8 is'],
      ['http://[::1]/cal.ics', '::1 is'],
      ['http://0.0.0.0:3000/cal.ics', '0.0.0.0 is'],
      ['http://100.100.100.200/cal.ics', '100.100.100.200 is'],
    ]) {
      const res = await call('POST', `/accommodations/${place.slug}/ical-feeds`, { url });
      expect({ url, status: res.statusCode, body: res.json() }).toEqual({
        url,
        status: 400,
        body: {
          error: 'feed_address_not_allowed',
          message: `The feed URL cannot be used: ${host} a private or local network address. Only addresses on the public internet can be imported.`,
        },
      });
    }
    expect((await call('GET', `/accommodations/${place.slug}/ical-feeds`)).json()).toEqual([]);
    expect(fake.requests).toEqual([]);
  });

  it('accepts a public address', async () => {
    const place = await createPlace(t);
    const res = await call('POST', `/accommodations/${place.slug}/ical-feeds`, {
      url: 'https://93.184.215.14/calendar/ical/1.ics?s=x',
    });
    expect(res.statusCode).toBe(201);
  });

  it('fails the sync of a feed that now leads to a private address, recording why, and keeps its blocks', async () => {
    const place = await createPlace(t);
    const path = `/${randomBytes(6).toString('hex')}.ics`;
    fake.setFeed(path, icsCalendar([{ uid: 'x@airbnb.com', start: inDays(5), end: inDays(7) }]));
    // As if the name resolved to a public address when the feed was added and to loopback now.
    const [feed] = await sql<{ id: string }>(
      t,
      `insert into ical_feeds (accommodation_id, url) values (?, ?) returning id`,
      [place.id, `http://localhost:${new URL(fake.url).port}${path}`],
    );
    await sql(
      t,
      `insert into external_blocks (feed_id, accommodation_id, uid, start_date, end_date) values (?, ?, 'old@airbnb.com', ?, ?)`,
      [feed!.id, place.id, inDays(20), inDays(22)],
    );
    const synced = await call('POST', `/accommodations/${place.slug}/ical-feeds/${feed!.id}/sync`);
    expect(synced.statusCode).toBe(200);
    expect(synced.json()).toMatchObject({
      last_error:
        'Not fetched: localhost resolves to a private or local network address; only public internet addresses are allowed',
      last_success_at: null,
      consecutive_failures: 1,
      blocks: 1,
    });
    expect(fake.requestsTo(path)).toEqual([]);
  });
});
