import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A guest's short memory (what they last mentioned), so follow-ups like "reservala" make sense. */
@Entity({ tableName: 'conversations' })
export class Conversation {
  @PrimaryKey({ type: 'text' })
  phone!: string;

  @Property({ type: 'date', fieldName: 'check_in', nullable: true })
  checkIn: string | null = null;

  @Property({ type: 'date', fieldName: 'check_out', nullable: true })
  checkOut: string | null = null;

  @Property({ type: 'integer', nullable: true })
  guests: number | null = null;

  @Property({ type: 'text', fieldName: 'accommodation_slug', nullable: true })
  accommodationSlug: string | null = null;

  /** The bot's last question (conversation-memory.ts `Awaiting`). */
  @Property({ type: 'json', nullable: true })
  awaiting: Record<string, unknown> | null = null;

  @Property({ type: 'datetime', fieldName: 'updated_at' })
  updatedAt: Date = new Date();
}
