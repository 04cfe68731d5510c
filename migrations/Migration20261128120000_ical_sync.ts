import { Migration } from '@mikro-orm/migrations';

/**
 * What the iCal sync needs on each feed: a lease so one replica at a time fetches it (without a
 * transaction held open across a slow download), the body hash that lets an unchanged feed skip
 * processing when the server ignores conditional requests, and the counts behind the guard rail
 * and the operator's view.
 */
export class Migration20261128120000_ical_sync extends Migration {
  override up(): void {
    this.addSql(`
      alter table ical_feeds
        add column locked_until timestamptz,
        add column content_hash text,
        add column last_event_count integer,
        add column consecutive_failures integer not null default 0;`);
    this.addSql(`create index ical_feeds_due_idx on ical_feeds (last_attempt_at nulls first) where active;`);
  }

  override down(): void {
    this.addSql(`drop index ical_feeds_due_idx;`);
    this.addSql(`
      alter table ical_feeds
        drop column consecutive_failures,
        drop column last_event_count,
        drop column content_hash,
        drop column locked_until;`);
  }
}
