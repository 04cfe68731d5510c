import { Migration } from '@mikro-orm/migrations';

/**
 * A payment notification whose payment could not be fetched through every attempt is given new
 * rounds later (MercadoPago can be down longer than the inbox's backoff); the count bounds and shows
 * them, and the index keeps the search for dead rows off the rest of the inbox.
 */
export class Migration20261128150000_inbox_revivals extends Migration {
  override up(): void {
    this.addSql(`alter table inbound_events add column revivals integer not null default 0;`);
    this.addSql(
      `create index inbound_events_dead_idx on inbound_events (provider, processed_at) where status = 'dead';`,
    );
  }

  override down(): void {
    this.addSql(`drop index inbound_events_dead_idx;`);
    this.addSql(`alter table inbound_events drop column revivals;`);
  }
}
