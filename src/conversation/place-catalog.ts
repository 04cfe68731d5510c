import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export interface Photo {
  url: string;
  order?: number;
  is_primary?: boolean;
}

export interface Place {
  slug: string;
  name: string;
  description: string;
  capacity: number;
  nightlyPrice: string;
  aliases: string[];
  photos: Photo[];
  timezone: string;
}

/** The primary photo, else the one with the lowest order. */
export function coverPhoto(photos: Photo[]): Photo | null {
  const primary = photos.find((p) => p.is_primary === true);
  if (primary) return primary;
  return (
    [...photos].sort(
      (a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER),
    )[0] ?? null
  );
}

/** The active places as the conversation talks about them, cheapest first. */
@Injectable()
export class PlaceCatalog {
  async active(em: EntityManager): Promise<Place[]> {
    const rows = await em.execute<
      {
        slug: string;
        name: string;
        description: string;
        capacity: number;
        nightly_price: string;
        aliases: unknown;
        photos: unknown;
        timezone: string;
      }[]
    >(
      `select slug, name, description, capacity, nightly_price::text as nightly_price, aliases, photos, timezone
         from accommodations a where active order by a.nightly_price, name`,
    );
    const json = <T>(value: unknown): T =>
      typeof value === 'string' ? (JSON.parse(value) as T) : (value as T);
    return rows.map((r) => ({
      slug: r.slug,
      name: r.name,
      description: r.description,
      capacity: Number(r.capacity),
      nightlyPrice: r.nightly_price,
      aliases: json<string[]>(r.aliases) ?? [],
      photos: json<Photo[]>(r.photos) ?? [],
      timezone: r.timezone,
    }));
  }
}
