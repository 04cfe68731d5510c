import { createHash, timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/app-config.js';
import { newIcalExportToken } from '../database/seed.js';
import { calendarNotFound } from './calendar.errors.js';
import { renderCalendar } from './ical/calendar-export.js';
import { exportUid } from './ical/export-uid.js';
import { IcalFeedsRepository, type PlaceRef } from './ical-feeds.repository.js';

export interface ExportAddress {
  accommodation: string;
  token: string;
  /** Absolute when PUBLIC_BASE_URL is set, else the path to append to the public address. */
  url: string;
}

export interface ExportedFeed {
  body: string;
  etag: string;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Our calendar for the channels to import: confirmed stays and live holds, dates only. */
@Injectable()
export class CalendarExportService {
  constructor(
    private readonly em: EntityManager,
    private readonly feeds: IcalFeedsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** What the operator pastes into Airbnb / Booking.com ("import calendar"). Errors: not_found. */
  async addressOf(slug: string): Promise<ExportAddress> {
    const place = await this.feeds.placeBySlug(this.em.fork(), slug);
    if (!place) throw calendarNotFound(`Accommodation ${slug}`);
    return this.address(place);
  }

  /**
   * A new secret for the export URL (a leaked URL is revoked at once: the old token then gets the
   * same 404 as any wrong one). The channels importing the old URL must be given the new one.
   * Errors: not_found.
   */
  async rotate(slug: string): Promise<ExportAddress> {
    const place = await this.feeds.replaceExportToken(this.em.fork(), slug, newIcalExportToken());
    if (!place) throw calendarNotFound(`Accommodation ${slug}`);
    return this.address(place);
  }

  private address(place: PlaceRef): ExportAddress {
    const path = `/api/v1/accommodations/${encodeURIComponent(place.slug)}/calendar.ics?token=${encodeURIComponent(place.exportToken)}`;
    return {
      accommodation: place.slug,
      token: place.exportToken,
      url: `${publicBaseUrl(this.config)}${path}`,
    };
  }

  /** Errors: not_found for an unknown place or a wrong token alike (nothing to learn by guessing). */
  async calendarFor(slug: string, token: string | undefined): Promise<ExportedFeed> {
    const em = this.em.fork();
    const place = await this.feeds.placeBySlug(em, slug);
    if (!place || !token || !timingSafeEqual(digest(token), digest(place.exportToken))) {
      throw calendarNotFound('Calendar');
    }
    const stays = await this.feeds.exportableStays(em, place.id);
    const body = renderCalendar({
      name: place.name,
      stays: stays.map((s) => ({
        uid: exportUid(s.code),
        startDate: s.checkIn,
        endDate: s.checkOut,
        stamp: s.updatedAt,
      })),
    });
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  }
}
