import { createHash } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { CoalescingRunner } from '../common/background/coalescing-runner.js';
import { PUBLIC_ADDRESSES_ONLY, type AddressGuard } from '../common/net/public-address.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { lockAccommodationCalendar } from './calendar-lock.js';
import { calendarNotFound, syncInProgress } from './calendar.errors.js';
import { channelOf } from './channel.js';
import { todayIn } from './ical/calendar-dates.js';
import { EXPORT_UID_SUFFIX } from './ical/export-uid.js';
import { FeedFetchError, fetchFeed, type FetchFailureReason } from './ical/feed-fetcher.js';
import { NotACalendarError, parseFeed } from './ical/feed-parser.js';
import { IcalFeedsRepository, type Conflict, type FeedRecord } from './ical-feeds.repository.js';
import { ICAL_CONFLICTS, ICAL_LAST_SYNC_AGE, ICAL_SYNC_DURATION, ICAL_SYNC_ERRORS } from './ical.metrics.js';

/** Feeds are small; anything bigger is a wrong URL or an attack (integrations.md §4.3). */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 3;
/** A feed that had at least this many events and suddenly has none is held once before it is believed. */
const SUSPICIOUS_EMPTY_FROM = 3;
/** How often "sync now" looks again while another runner holds the feed. */
const BUSY_POLL_MS = 250;

export type SyncResult = 'ok' | 'not_modified' | 'unchanged' | 'failed' | 'gone';

/**
 * Imports the channels' calendars. Each feed is leased by one runner (any replica), fetched outside
 * any transaction, parsed, and its blocks replaced in one transaction under the accommodation's
 * calendar lock, so a booking removed on the channel frees its dates and a hold being created at
 * the same moment sees either the old blocks or the new ones, never neither. A failure stays on its
 * feed (last_error, metrics) and never stops the others or removes blocks.
 */
@Injectable()
export class IcalSyncService {
  private readonly logger = new Logger('IcalSync');
  private readonly runner: CoalescingRunner;

  constructor(
    private readonly em: EntityManager,
    private readonly feeds: IcalFeedsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(ICAL_LAST_SYNC_AGE) private readonly age: Gauge<string>,
    @InjectMetric(ICAL_SYNC_ERRORS) private readonly errors: Counter<string>,
    @InjectMetric(ICAL_SYNC_DURATION) private readonly duration: Histogram<string>,
    @InjectMetric(ICAL_CONFLICTS) private readonly conflictsTotal: Counter<string>,
  ) {
    this.runner = new CoalescingRunner(async () => {
      await this.syncDue();
    }, config.workers.enabled);
    // Read at scrape time: a gauge set only by the job would freeze, looking fresh, if the job died.
    Object.assign(age, {
      collect: () =>
        this.refreshAges().catch((error: unknown) =>
          this.logger.warn({ err: { message: (error as Error).message } }, 'ical_sync_age_unavailable'),
        ),
    });
  }

  /** A background pass over the due feeds (the scheduler's tick and the start-up run). */
  nudge(): void {
    this.runner.nudge();
  }

  /** Lets the current feed finish, then stops; pending passes are dropped. */
  stop(): Promise<void> {
    return this.runner.stop();
  }

  /** Syncs every due feed this runner can claim; returns how many it synced. */
  async syncDue(): Promise<number> {
    const dueSeconds = Math.max(30, Math.floor(this.config.ical.syncIntervalMinutes * 60 * 0.9));
    let synced = 0;
    while (!this.runner.stopped) {
      const id = await this.feeds.claim(this.em.fork(), this.leaseSeconds, { dueSeconds });
      if (!id) break;
      await this.syncClaimed(id);
      synced++;
    }
    return synced;
  }

  /**
   * The operator's "sync now". When another runner holds the feed, waits for its lease to end and
   * then syncs; answers sync_in_progress only if that takes longer than a fetch may.
   */
  async syncNow(feedId: string): Promise<FeedRecord> {
    const deadline = Date.now() + this.config.ical.fetchTimeoutMs + 10_000;
    for (;;) {
      const id = await this.feeds.claim(this.em.fork(), this.leaseSeconds, { feedId });
      if (id) {
        await this.syncClaimed(id);
        break;
      }
      const current = await this.feeds.find(this.em.fork(), feedId);
      if (!current) throw calendarNotFound(`Feed ${feedId}`);
      if (Date.now() > deadline) throw syncInProgress();
      await new Promise((resolve) => setTimeout(resolve, BUSY_POLL_MS));
    }
    const done = await this.feeds.find(this.em.fork(), feedId);
    if (!done) throw calendarNotFound(`Feed ${feedId}`);
    return done;
  }

  private get leaseSeconds(): number {
    return Math.ceil(this.config.ical.fetchTimeoutMs / 1000) + 60;
  }

  /** A failing feed never throws (the failure is recorded on it); only the database failing does. */
  private async syncClaimed(id: string): Promise<SyncResult> {
    const started = performance.now();
    const em = this.em.fork();
    const feed = await this.feeds.find(em, id);
    if (!feed) return 'gone';
    const labels = { accommodation: feed.accommodationSlug, channel: channelOf(feed.url) };
    let result: SyncResult;
    try {
      result = await this.syncFeed(feed, labels);
    } catch (error) {
      result = 'failed';
      const reason = failureReason(error);
      const message = describe(error);
      this.errors.inc({ ...labels, reason });
      await this.feeds
        .markFailure(this.em.fork(), id, message, reason === 'suspicious_empty' ? 0 : undefined)
        .catch((dbError: unknown) =>
          this.logger.error(
            { feed_id: id, err: { message: (dbError as Error).message } },
            'ical_feed_update_failed',
          ),
        );
      this.logger.warn(
        { feed_id: id, ...labels, reason, error: message, duration_ms: elapsed(started) },
        'ical_sync_failed',
      );
    }
    this.duration.observe({ result }, elapsed(started) / 1000);
    if (result !== 'failed') {
      this.logger.log(
        { feed_id: id, ...labels, result, duration_ms: elapsed(started) },
        'ical_sync_completed',
      );
    }
    return result;
  }

  private async syncFeed(feed: FeedRecord, labels: Record<string, string>): Promise<SyncResult> {
    const fetched = await fetchFeed(feed.url, {
      timeoutMs: this.config.ical.fetchTimeoutMs,
      maxBytes: MAX_FEED_BYTES,
      maxRedirects: MAX_REDIRECTS,
      etag: feed.etag,
      lastModified: feed.lastModified,
      guard: feedAddressGuard(this.config),
    });
    if (fetched.kind === 'not_modified') {
      await this.feeds.markSuccess(this.em.fork(), feed.id, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        contentHash: null,
        eventCount: null,
      });
      return 'not_modified';
    }
    const today = todayIn(feed.timeZone, new Date());
    // Today is part of the hash: the kept window moves daily even when the body does not.
    const hash = createHash('sha256').update(today).update('\n').update(fetched.body).digest('hex');
    const success = { etag: fetched.etag, lastModified: fetched.lastModified, contentHash: hash };
    if (hash === feed.contentHash) {
      await this.feeds.markSuccess(this.em.fork(), feed.id, { ...success, eventCount: null });
      return 'unchanged';
    }
    const parsed = parseFeed(fetched.body, {
      timeZone: feed.timeZone,
      today,
      ownUidSuffix: EXPORT_UID_SUFFIX,
    });
    if (parsed.blocks.length === 0 && (feed.lastEventCount ?? 0) >= SUSPICIOUS_EMPTY_FROM) {
      throw new FeedFetchError(
        'suspicious_empty',
        `The feed had ${feed.lastEventCount} events and now has none; blocks kept until the next sync confirms it`,
      );
    }
    const fresh = await this.em.fork().transactional(async (tx) => {
      await lockAccommodationCalendar(tx, feed.accommodationId);
      if (!(await this.feeds.lockFeed(tx, feed.id))) return null;
      const before = await this.feeds.conflicts(tx, feed.id);
      await this.feeds.replaceBlocks(tx, feed, parsed.blocks);
      const after = await this.feeds.conflicts(tx, feed.id);
      await this.feeds.markSuccess(tx, feed.id, { ...success, eventCount: parsed.blocks.length });
      const known = new Set(before.map(conflictKey));
      return after.filter((c) => !known.has(conflictKey(c)));
    });
    if (fresh === null) return 'gone';
    for (const conflict of fresh) this.alertConflict(feed, labels, conflict);
    if (parsed.malformed > 0) {
      this.logger.warn({ feed_id: feed.id, ...labels, malformed: parsed.malformed }, 'ical_events_malformed');
    }
    return 'ok';
  }

  /** Both calendars sold the same nights. Ours stays: the operator has to sort it out with the channel. */
  private alertConflict(feed: FeedRecord, labels: Record<string, string>, conflict: Conflict): void {
    this.conflictsTotal.inc(labels);
    this.logger.error(
      {
        feed_id: feed.id,
        ...labels,
        reservation_code: conflict.reservationCode,
        reservation_status: conflict.reservationStatus,
        block_start: conflict.startDate,
        block_end: conflict.endDate,
      },
      'ical_conflict_detected',
    );
  }

  private async refreshAges(): Promise<void> {
    const rows = await this.feeds.ages(this.em.fork());
    const oldest = new Map<string, { accommodation: string; channel: string; age: number }>();
    for (const row of rows) {
      const channel = channelOf(row.url);
      const key = `${row.slug}\u0000${channel}`;
      const seen = oldest.get(key);
      if (!seen || row.ageMinutes > seen.age)
        oldest.set(key, { accommodation: row.slug, channel, age: row.ageMinutes });
    }
    this.age.reset();
    for (const { accommodation, channel, age } of oldest.values())
      this.age.set({ accommodation, channel }, age);
  }
}

/** Which addresses feed downloads may reach: any (sandbox feeds on loopback) or public ones only. */
export function feedAddressGuard(config: AppConfig): AddressGuard | null {
  return config.ical.allowPrivateAddresses ? null : PUBLIC_ADDRESSES_ONLY;
}

const conflictKey = (c: Conflict) => `${c.uid}\u0000${c.reservationCode}`;
const elapsed = (started: number) => Math.round(performance.now() - started);

function failureReason(error: unknown): FetchFailureReason | 'internal' {
  if (error instanceof FeedFetchError) return error.reason;
  if (error instanceof NotACalendarError) return 'not_calendar';
  return 'internal';
}

function describe(error: unknown): string {
  if (error instanceof FeedFetchError || error instanceof NotACalendarError) return error.message;
  return `Internal error: ${(error as Error).message ?? String(error)}`;
}
