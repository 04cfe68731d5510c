import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DEMO_ACCOMMODATIONS } from './demo-accommodations.js';

export function newIcalExportToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Inserts the demo places that are missing; never touches a place that already exists. */
export async function seedDemoAccommodations(em: EntityManager): Promise<number> {
  let inserted = 0;
  for (const place of DEMO_ACCOMMODATIONS) {
    const rows = await em.execute<{ id: string }[]>(
      `insert into accommodations (slug, name, description, capacity, nightly_price, photos, aliases, ical_export_token)
       values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)
       on conflict (slug) do nothing
       returning id`,
      [
        place.slug,
        place.name,
        place.description,
        place.capacity,
        place.nightlyPrice,
        JSON.stringify(place.photos),
        JSON.stringify(place.aliases),
        newIcalExportToken(),
      ],
    );
    inserted += rows.length;
  }
  return inserted;
}

/** First start only: an empty catalogue gets the demo places, a used one is left alone. */
export async function seedIfEmpty(em: EntityManager): Promise<number> {
  const [{ count }] = await em.execute<{ count: string }[]>(
    'select count(*)::text as count from accommodations',
  );
  return count === '0' ? seedDemoAccommodations(em) : 0;
}

/** The demo channel feed: which place imports it, under which name, from which path of the fake. */
export interface DemoFeedSpec {
  slug: string;
  name: string;
  url: string;
}

/**
 * First start only (with the demo places): the demo place imports the sandbox's fake channel feed.
 * Inserted once; a feed the operator deleted is not brought back.
 */
export async function seedDemoIcalFeed(em: EntityManager, feed: DemoFeedSpec): Promise<boolean> {
  const rows = await em.execute<{ id: string }[]>(
    `insert into ical_feeds (accommodation_id, url, name)
     select id, ?, ? from accommodations where slug = ?
     on conflict (accommodation_id, url) do nothing
     returning id`,
    [feed.url, feed.name, feed.slug],
  );
  return rows.length > 0;
}

/**
 * Later starts: the fake listens on a new loopback port each time, so the demo feed (recognised by
 * its place, name and path on loopback) follows it. Nothing happens when it was deleted.
 */
export async function followDemoIcalFeed(em: EntityManager, feed: DemoFeedSpec): Promise<number> {
  const path = new URL(feed.url).pathname;
  const rows = await em.execute<{ id: string }[]>(
    `update ical_feeds f set url = ?, updated_at = now()
       from accommodations a
      where a.id = f.accommodation_id and a.slug = ? and f.name = ?
        and f.url like 'http://127.0.0.1:%' and f.url like ? and f.url <> ?
     returning f.id`,
    [feed.url, feed.slug, feed.name, `%${path}`, feed.url],
  );
  return rows.length;
}
