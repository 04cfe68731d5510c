import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

/** How stale the imported calendars are: the age of the feed whose last good sync is oldest. */
@Injectable()
export class IcalSyncStatus {
  constructor(private readonly em: EntityManager) {}

  /** Minutes since the oldest successful sync of an active feed; null when there is no feed. */
  async maxAgeMinutes(): Promise<number | null> {
    const [row] = await this.em.fork().execute<{ age: string | null }[]>(
      `select extract(epoch from now() - min(coalesce(last_success_at, created_at))) / 60 as age
         from ical_feeds where active`,
    );
    return row?.age == null ? null : Math.floor(Number(row.age));
  }
}
