import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { assertAllowedHost, BlockedAddressError } from '../common/net/public-address.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { calendarNotFound, feedAddressNotAllowed, feedExists } from './calendar.errors.js';
import { channelOf } from './channel.js';
import { IcalFeedsRepository, type FeedRecord, type PlaceRef } from './ical-feeds.repository.js';
import { feedAddressGuard, IcalSyncService } from './ical-sync.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operator's side of the imported calendars: which feeds each place imports. */
@Injectable()
export class IcalFeedsService {
  constructor(
    private readonly em: EntityManager,
    private readonly feeds: IcalFeedsRepository,
    private readonly sync: IcalSyncService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Errors: not_found (place), feed_exists, feed_address_not_allowed (a private or local address,
   * unless ICAL_ALLOW_PRIVATE_ADDRESSES). The next sync pass picks the new feed up at once.
   */
  async add(slug: string, url: string, name?: string): Promise<FeedRecord> {
    const em = this.em.fork();
    const place = await this.place(em, slug);
    await this.assertReachable(url);
    const id = await this.feeds.insert(em, place.id, url, name?.trim() || defaultName(url));
    if (!id) throw feedExists();
    this.sync.nudge();
    return (await this.feeds.find(em, id))!;
  }

  async list(slug: string): Promise<FeedRecord[]> {
    const em = this.em.fork();
    const place = await this.place(em, slug);
    return this.feeds.listForPlace(em, place.id);
  }

  /** The feed and the dates it blocked go together. Errors: not_found. */
  async remove(slug: string, feedId: string): Promise<void> {
    const em = this.em.fork();
    const place = await this.place(em, slug);
    if (!UUID.test(feedId) || !(await this.feeds.delete(em, place.id, feedId))) {
      throw calendarNotFound(`Feed ${feedId}`);
    }
  }

  /** Fetches the feed now and answers with its state afterwards (a failure shows in last_error). */
  async syncNow(slug: string, feedId: string): Promise<FeedRecord> {
    const em = this.em.fork();
    const place = await this.place(em, slug);
    const feed = UUID.test(feedId) ? await this.feeds.find(em, feedId) : null;
    if (!feed || feed.accommodationId !== place.id) throw calendarNotFound(`Feed ${feedId}`);
    return this.sync.syncNow(feedId);
  }

  /**
   * Refused early so the operator sees why at once; every download checks again (the name may
   * resolve elsewhere by then, or the feed may redirect).
   */
  private async assertReachable(url: string): Promise<void> {
    const guard = feedAddressGuard(this.config);
    if (!guard) return;
    try {
      await assertAllowedHost(new URL(url).hostname, guard);
    } catch (error) {
      if (error instanceof BlockedAddressError) throw feedAddressNotAllowed(error.message);
      throw error;
    }
  }

  private async place(em: EntityManager, slug: string): Promise<PlaceRef> {
    const place = await this.feeds.placeBySlug(em, slug);
    if (!place) throw calendarNotFound(`Accommodation ${slug}`);
    return place;
  }
}

function defaultName(url: string): string {
  const channel = channelOf(url);
  return { airbnb: 'Airbnb', booking: 'Booking.com', vrbo: 'Vrbo', google: 'Google Calendar', other: '' }[
    channel
  ];
}
