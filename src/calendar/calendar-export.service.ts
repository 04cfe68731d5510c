import { createHash, timingSafeEqual } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { calendarNotFound } from './calendar.errors.js';
import { renderCalendar } from './ical/calendar-export.js';
import { exportUid } from './ical/export-uid.js';
import { IcalFeedsRepository } from './ical-feeds.repository.js';

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
  ) {}

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
