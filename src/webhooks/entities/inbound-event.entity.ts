import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type InboundEventStatus = 'pending' | 'done' | 'dead' | 'unrecognized';

/** The inbox: every webhook event, stored before it is acknowledged, processed after. */
@Entity({ tableName: 'inbound_events' })
export class InboundEvent {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  provider!: string;

  @Property({ type: 'text', fieldName: 'external_id' })
  externalId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  sender: string | null = null;

  @Property({ type: 'json' })
  payload!: unknown;

  @Property({ type: 'text', fieldName: 'trace_id', nullable: true })
  traceId: string | null = null;

  @Property({ type: 'text' })
  status: InboundEventStatus = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', fieldName: 'next_attempt_at' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'text', fieldName: 'last_error', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', fieldName: 'received_at' })
  receivedAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'processed_at', nullable: true })
  processedAt: Date | null = null;

  /** While set and in the future, a worker is preparing the row outside any transaction. */
  @Property({ type: 'datetime', fieldName: 'locked_until', nullable: true })
  lockedUntil: Date | null = null;

  /** Times a dead payment notification was put back for another round (PaymentNotificationRevival). */
  @Property({ type: 'integer' })
  revivals = 0;

  /** What the preparation found (a voice note's transcript or why there is none), kept for retries. */
  @Property({ type: 'json', nullable: true })
  prepared: unknown = null;
}
