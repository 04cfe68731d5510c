import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ImportedBlock } from './ical/feed-parser.js';

/** A feed with what its sync needs from the accommodation. */
export interface FeedRecord {
  id: string;
  accommodationId: string;
  accommodationSlug: string;
  timeZone: string;
  name: string;
  url: string;
  active: boolean;
  etag: string | null;
  lastModified: string | null;
  contentHash: string | null;
  lastEventCount: number | null;
  lastAttemptAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  consecutiveFailures: number;
  blockCount: number;
  createdAt: Date;
}

/** An imported block that overlaps one of our active reservations. */
export interface Conflict {
  uid: string;
  startDate: string;
  endDate: string;
  reservationCode: string;
  reservationStatus: string;
}

export interface PlaceRef {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  exportToken: string;
}

const FEED_COLUMNS = `
  f.id, f.accommodation_id, a.slug as accommodation_slug, a.timezone, f.name, f.url, f.active, f.etag,
  f.last_modified, f.content_hash, f.last_event_count, f.last_attempt_at, f.last_success_at, f.last_error,
  f.consecutive_failures, f.created_at,
  (select count(*) from external_blocks b where b.feed_id = f.id)::int as block_count`;

interface FeedRow {
  id: string;
  accommodation_id: string;
  accommodation_slug: string;
  timezone: string;
  name: string;
  url: string;
  active: boolean;
  etag: string | null;
  last_modified: string | null;
  content_hash: string | null;
  last_event_count: number | null;
  last_attempt_at: Date | string | null;
  last_success_at: Date | string | null;
  last_error: string | null;
  consecutive_failures: number;
  block_count: number;
  created_at: Date | string;
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

function toRecord(r: FeedRow): FeedRecord {
  return {
    id: r.id,
    accommodationId: r.accommodation_id,
    accommodationSlug: r.accommodation_slug,
    timeZone: r.timezone,
    name: r.name,
    url: r.url,
    active: r.active,
    etag: r.etag,
    lastModified: r.last_modified,
    contentHash: r.content_hash,
    lastEventCount: r.last_event_count,
    lastAttemptAt: toDate(r.last_attempt_at),
    lastSuccessAt: toDate(r.last_success_at),
    lastError: r.last_error,
    consecutiveFailures: r.consecutive_failures,
    blockCount: Number(r.block_count),
    createdAt: toDate(r.created_at)!,
  };
}

/** What a successful sync records on its feed. */
export interface SyncSuccess {
  etag: string | null;
  lastModified: string | null;
  contentHash: string | null;
  eventCount: number | null;
}

/** Every SQL statement of the feeds and their blocks; each runs on the EntityManager it is given. */
@Injectable()
export class IcalFeedsRepository {
  async placeBySlug(em: EntityManager, slug: string): Promise<PlaceRef | null> {
    const [row] = await em.execute<
      { id: string; slug: string; name: string; timezone: string; ical_export_token: string }[]
    >(`select id, slug, name, timezone, ical_export_token from accommodations where slug = ?`, [slug]);
    return row
      ? {
          id: row.id,
          slug: row.slug,
          name: row.name,
          timeZone: row.timezone,
          exportToken: row.ical_export_token,
        }
      : null;
  }

  /** Replaces the place's export token; null when there is no such place. */
  async replaceExportToken(em: EntityManager, slug: string, token: string): Promise<PlaceRef | null> {
    const [row] = await em.execute<
      { id: string; slug: string; name: string; timezone: string; ical_export_token: string }[]
    >(
      `update accommodations set ical_export_token = ?, updated_at = now() where slug = ?
       returning id, slug, name, timezone, ical_export_token`,
      [token, slug],
    );
    return row
      ? {
          id: row.id,
          slug: row.slug,
          name: row.name,
          timeZone: row.timezone,
          exportToken: row.ical_export_token,
        }
      : null;
  }

  /** The new feed's id, or null when the place already has a feed with that URL. */
  async insert(
    em: EntityManager,
    accommodationId: string,
    url: string,
    name: string,
  ): Promise<string | null> {
    const rows = await em.execute<{ id: string }[]>(
      `insert into ical_feeds (accommodation_id, url, name) values (?, ?, ?)
       on conflict (accommodation_id, url) do nothing returning id`,
      [accommodationId, url, name],
    );
    return rows[0]?.id ?? null;
  }

  async find(em: EntityManager, id: string): Promise<FeedRecord | null> {
    const rows = await em.execute<FeedRow[]>(
      `select ${FEED_COLUMNS} from ical_feeds f join accommodations a on a.id = f.accommodation_id
        where f.id = ?`,
      [id],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async listForPlace(em: EntityManager, accommodationId: string): Promise<FeedRecord[]> {
    const rows = await em.execute<FeedRow[]>(
      `select ${FEED_COLUMNS} from ical_feeds f join accommodations a on a.id = f.accommodation_id
        where f.accommodation_id = ? order by f.created_at, f.id`,
      [accommodationId],
    );
    return rows.map(toRecord);
  }

  /** Its blocks go with it (on delete cascade). */
  async delete(em: EntityManager, accommodationId: string, id: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(
      `delete from ical_feeds where id = ? and accommodation_id = ? returning id`,
      [id, accommodationId],
    );
    return rows.length > 0;
  }

  /**
   * Leases the active feed that waited longest and is due (not attempted for `dueSeconds`), or the
   * given one whatever its due time. SKIP LOCKED plus the lease mean two runners never take the same
   * feed, and no transaction stays open during the download; a crashed runner's lease just runs out.
   */
  async claim(
    em: EntityManager,
    leaseSeconds: number,
    target: { dueSeconds: number } | { feedId: string },
  ): Promise<string | null> {
    const byId = 'feedId' in target;
    const rows = await em.execute<{ id: string }[]>(
      `update ical_feeds f
          set locked_until = now() + make_interval(secs => ?), last_attempt_at = now(), updated_at = now()
        where f.id = (
          select id from ical_feeds
           where (locked_until is null or locked_until < now())
             and ${byId ? 'id = ?' : 'active and (last_attempt_at is null or last_attempt_at <= now() - make_interval(secs => ?))'}
           order by last_attempt_at nulls first, id
           limit 1
           for update skip locked)
        returning f.id`,
      [leaseSeconds, byId ? target.feedId : target.dueSeconds],
    );
    return rows[0]?.id ?? null;
  }

  /** Locks the feed row for the replacing transaction; false when it was deleted meanwhile. */
  async lockFeed(em: EntityManager, id: string): Promise<boolean> {
    const rows = await em.execute<{ id: string }[]>(`select id from ical_feeds where id = ? for update`, [
      id,
    ]);
    return rows.length > 0;
  }

  async replaceBlocks(em: EntityManager, feed: FeedRecord, blocks: readonly ImportedBlock[]): Promise<void> {
    await em.execute(`delete from external_blocks where feed_id = ?`, [feed.id]);
    if (blocks.length === 0) return;
    await em.execute(
      `insert into external_blocks (feed_id, accommodation_id, uid, start_date, end_date, summary)
       select ?, ?, x.uid, x.start_date::date, x.end_date::date, x.summary
         from jsonb_to_recordset(?::jsonb) as x(uid text, start_date text, end_date text, summary text)`,
      [
        feed.id,
        feed.accommodationId,
        JSON.stringify(
          blocks.map((b) => ({
            uid: b.uid,
            start_date: b.startDate,
            end_date: b.endDate,
            summary: b.summary,
          })),
        ),
      ],
    );
  }

  /**
   * The feed's blocks that overlap our confirmed reservations or live holds. Read-only SQL on the
   * reservations table: calendar sits below reservations and must not import its module.
   */
  async conflicts(em: EntityManager, feedId: string): Promise<Conflict[]> {
    const rows = await em.execute<
      { uid: string; start_date: string; end_date: string; code: string; status: string }[]
    >(
      `select b.uid, to_char(b.start_date, 'YYYY-MM-DD') as start_date,
              to_char(b.end_date, 'YYYY-MM-DD') as end_date, r.code, r.status
         from external_blocks b
         join reservations r on r.accommodation_id = b.accommodation_id
          and r.status in ('pre_reserved', 'confirmed')
          and (r.status = 'confirmed' or r.expires_at > now())
          and daterange(r.check_in, r.check_out, '[)') && daterange(b.start_date, b.end_date, '[)')
        where b.feed_id = ?
        order by b.start_date, r.code`,
      [feedId],
    );
    return rows.map((r) => ({
      uid: r.uid,
      startDate: r.start_date,
      endDate: r.end_date,
      reservationCode: r.code,
      reservationStatus: r.status,
    }));
  }

  async markSuccess(em: EntityManager, id: string, success: SyncSuccess): Promise<void> {
    await em.execute(
      `update ical_feeds
          set etag = ?, last_modified = ?, content_hash = coalesce(?, content_hash),
              last_event_count = coalesce(?, last_event_count), last_success_at = now(), last_error = null,
              consecutive_failures = 0, locked_until = null, updated_at = now()
        where id = ?`,
      [success.etag, success.lastModified, success.contentHash, success.eventCount, id],
    );
  }

  /**
   * `eventCount` is set when a suspicious empty feed was held back: the next empty answer then
   * counts as confirmed and is applied.
   */
  async markFailure(em: EntityManager, id: string, error: string, eventCount?: number): Promise<void> {
    await em.execute(
      `update ical_feeds
          set last_error = ?, consecutive_failures = consecutive_failures + 1, locked_until = null,
              last_event_count = coalesce(?, last_event_count), updated_at = now()
        where id = ?`,
      [error.slice(0, 500), eventCount ?? null, id],
    );
  }

  /** Per place and channel: minutes since the oldest last success of its active feeds. */
  async ages(em: EntityManager): Promise<{ slug: string; url: string; ageMinutes: number }[]> {
    const rows = await em.execute<{ slug: string; url: string; age: string }[]>(
      `select a.slug, f.url, extract(epoch from now() - coalesce(f.last_success_at, f.created_at)) / 60 as age
         from ical_feeds f join accommodations a on a.id = f.accommodation_id
        where f.active`,
    );
    return rows.map((r) => ({ slug: r.slug, url: r.url, ageMinutes: Math.floor(Number(r.age)) }));
  }

  /** Our bookings that hold dates and are not over yet (a stay in progress still blocks tonight). */
  async exportableStays(
    em: EntityManager,
    accommodationId: string,
  ): Promise<{ code: string; checkIn: string; checkOut: string; updatedAt: Date }[]> {
    const rows = await em.execute<
      { code: string; check_in: string; check_out: string; updated_at: Date | string }[]
    >(
      `select r.code, to_char(r.check_in, 'YYYY-MM-DD') as check_in, to_char(r.check_out, 'YYYY-MM-DD') as check_out,
              r.updated_at
         from reservations r join accommodations a on a.id = r.accommodation_id
        where r.accommodation_id = ?
          and r.status in ('pre_reserved', 'confirmed')
          and (r.status = 'confirmed' or r.expires_at > now())
          and r.check_out > (now() at time zone a.timezone)::date
        order by r.check_in, r.code`,
      [accommodationId],
    );
    return rows.map((r) => ({
      code: r.code,
      checkIn: r.check_in,
      checkOut: r.check_out,
      updatedAt: new Date(r.updated_at),
    }));
  }
}
