import { Migration } from '@mikro-orm/migrations';

/**
 * The bot's last question in each conversation (and whether the guest had asked to book), so a bare
 * answer ("2", "la del lago") continues what the guest started instead of being read on its own.
 */
export class Migration20261128140000_conversation_awaiting extends Migration {
  override up(): void {
    this.addSql(`
      alter table conversations
        add column awaiting text check (awaiting in ('dates', 'guests', 'place')),
        add column booking boolean not null default false;`);
  }

  override down(): void {
    this.addSql(`alter table conversations drop column booking, drop column awaiting;`);
  }
}
