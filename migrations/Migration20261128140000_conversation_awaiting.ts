import { Migration } from '@mikro-orm/migrations';

/**
 * The bot's last question in each conversation, so a bare answer ("somos 3", "la del lago") continues
 * the booking the guest started instead of being read on its own.
 */
export class Migration20261128140000_conversation_awaiting extends Migration {
  override up(): void {
    this.addSql(`
      alter table conversations
        add column awaiting text check (awaiting in ('booking_details', 'place_choice'));`);
  }

  override down(): void {
    this.addSql(`alter table conversations drop column awaiting;`);
  }
}
