import { Migration } from '@mikro-orm/migrations';

/**
 * Inbox rows that need slow outside work (a voice note's download and transcription) are leased
 * while it runs outside any transaction, and its result is kept so a retry does not redo it.
 */
export class Migration20261127120000_inbox_preparation extends Migration {
  override up(): void {
    this.addSql(`alter table inbound_events add column locked_until timestamptz, add column prepared jsonb;`);
  }

  override down(): void {
    this.addSql(`alter table inbound_events drop column prepared, drop column locked_until;`);
  }
}
