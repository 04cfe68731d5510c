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
