import { Migration } from '@mikro-orm/migrations';

/**
 * The bot's last question in each conversation (which places it offered, whether the guest had asked
 * to book, the reservation a cancellation waits to be confirmed for), so a bare answer ("2", "la del
 * lago", "la primera", "sí") continues what the guest started instead of being read on its own.
 */
export class Migration20261128140000_conversation_awaiting extends Migration {
  override up(): void {
    this.addSql(`alter table conversations add column awaiting jsonb;`);
  }

  override down(): void {
    this.addSql(`alter table conversations drop column awaiting;`);
  }
}
