import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { IcalFeed } from './ical-feed.entity.js';

/** Dates an external channel (Airbnb, Booking…) has sold; end date exclusive, like check-out. */
@Entity({ tableName: 'external_blocks' })
export class ExternalBlock {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => IcalFeed, { fieldName: 'feed_id' })
  feed!: IcalFeed;

  /** By id, not relation: calendar sits below reservations and must not import it. */
  @Property({ type: 'uuid', fieldName: 'accommodation_id' })
  accommodationId!: string;

  @Property({ type: 'text' })
  uid!: string;

  @Property({ type: 'date', fieldName: 'start_date' })
  startDate!: string;

  @Property({ type: 'date', fieldName: 'end_date' })
  endDate!: string;

  @Property({ type: 'text', nullable: true })
  summary: string | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
