import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { lockAccommodationCalendar } from './calendar-lock.js';

export interface BlockedRange {
  accommodationId: string;
  startDate: string;
  endDate: string;
}

/**
 * What availability needs from the imported calendars: the blocked ranges that touch a window.
 * It runs on the caller's EntityManager so it joins the caller's transaction (and, embedded, its
 * single connection).
 */
@Injectable()
export class ExternalBlocks {
  /**
   * Call inside the transaction that checks the blocks and then writes (a hold), before reading:
   * a sync replacing this place's blocks waits for it, and it waits for the sync.
   */
  lockForBooking(em: EntityManager, accommodationId: string): Promise<void> {
    return lockAccommodationCalendar(em, accommodationId);
  }

  async overlapping(
    em: EntityManager,
    accommodationIds: readonly string[],
    from: string,
    to: string,
  ): Promise<BlockedRange[]> {
    if (accommodationIds.length === 0) return [];
    const rows = await em.execute<{ accommodation_id: string; start_date: string; end_date: string }[]>(
      `select accommodation_id, to_char(start_date, 'YYYY-MM-DD') as start_date,
              to_char(end_date, 'YYYY-MM-DD') as end_date
         from external_blocks
        where accommodation_id::text = any(string_to_array(?, ','))
          and daterange(start_date, end_date, '[)') && daterange(?::date, ?::date, '[)')
        order by start_date`,
      [accommodationIds.join(','), from, to],
    );
    return rows.map((r) => ({
      accommodationId: r.accommodation_id,
      startDate: r.start_date,
      endDate: r.end_date,
    }));
  }
}
