import { randomBytes } from 'node:crypto';
import { SchedulerRegistry } from '@nestjs/schedule';
import { IcalFeedsService } from '../../../src/calendar/ical-feeds.service.js';
import { FakeIcalFeeds } from '../../../src/sandbox/fake-ical-feeds.js';
import { sql } from '../../support/db.js';
import { icsCalendar } from '../../support/ical.js';
import { createPlace, inDays } from '../../support/reservations.js';
import { startTestApp } from '../../support/test-app.js';

describe('iCal sync job', () => {
  const fake = new FakeIcalFeeds();

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  it('syncs a new feed in the background and stops on drain', async () => {
    const t = await startTestApp();
    try {
      const registry = t.app.get(SchedulerRegistry);
      expect(registry.doesExist('interval', 'ical-sync')).toBe(true);
      const place = await createPlace(t);
      const path = `/${randomBytes(6).toString('hex')}.ics`;
      fake.setFeed(path, icsCalendar([{ uid: 'j@airbnb.com', start: inDays(4), end: inDays(6) }]));
      const feed = await t.app.get(IcalFeedsService).add(place.slug, fake.feedUrl(path));
      const synced = async () =>
        (
          await sql<{ n: number }>(t, 'select count(*)::int as n from external_blocks where feed_id = ?', [
            feed.id,
          ])
        )[0].n;
      while ((await synced()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(fake.requestsTo(path)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
