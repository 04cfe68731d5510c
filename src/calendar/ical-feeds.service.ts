import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { calendarNotFound, feedExists } from './calendar.errors.js';
import { channelOf } from './channel.js';
import { IcalFeedsRepository, type FeedRecord, type PlaceRef } from './ical-feeds.repository.js';
import { IcalSyncService } from './ical-sync.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The operator's side of the imported calendars: which feeds each place imports. */
@Injectable()
export class IcalFeedsService {
  constructor(
    private readonly em: EntityManager,
    private readonly feeds: IcalFeedsRepository,
    private readonly sync: IcalSyncService,
  ) {}

  /** Errors: not_found (place), feed_exists. The next sync pass picks the new feed up at once. */
  async add(slug: string, url: string, name?: string): Promise<FeedRecord> {
    const em = this.em.fork();
    const place = await this.place(em, slug);
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
