import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

@Entity({ tableName: 'ical_feeds' })
export class IcalFeed {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** By id, not relation: calendar sits below reservations and must not import it. */
  @Property({ type: 'uuid', fieldName: 'accommodation_id' })
  accommodationId!: string;

  @Property({ type: 'text' })
  name: string = '';

  @Property({ type: 'text' })
  url!: string;

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'text', nullable: true })
  etag: string | null = null;

  @Property({ type: 'text', fieldName: 'last_modified', nullable: true })
  lastModified: string | null = null;

  @Property({ type: 'datetime', fieldName: 'last_attempt_at', nullable: true })
  lastAttemptAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'last_success_at', nullable: true })
  lastSuccessAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'last_error', nullable: true })
  lastError: string | null = null;

  /** While set and in the future, one runner is syncing the feed; the others leave it alone. */
  @Property({ type: 'datetime', fieldName: 'locked_until', nullable: true })
  lockedUntil: Date | null = null;

  @Property({ type: 'text', fieldName: 'content_hash', nullable: true })
  contentHash: string | null = null;

  @Property({ type: 'integer', fieldName: 'last_event_count', nullable: true })
  lastEventCount: number | null = null;

  @Property({ type: 'integer', fieldName: 'consecutive_failures' })
  consecutiveFailures: number = 0;

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
