import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export type OutboundKind = 'text' | 'image';
export type OutboundStatus = 'pending' | 'sent' | 'dead';
export type OutboundBody = { text: string } | { link: string; caption?: string };

/** The outbox: every message to a guest, written with the change that caused it, sent after. */
@Entity({ tableName: 'outbound_messages' })
export class OutboundMessage {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  recipient!: string;

  @Property({ type: 'text' })
  kind!: OutboundKind;

  @Property({ type: 'json' })
  body!: OutboundBody;

  @Property({ type: 'text', fieldName: 'dedupe_key', unique: true })
  dedupeKey!: string;

  @Property({ type: 'text' })
  status: OutboundStatus = 'pending';

  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', fieldName: 'next_attempt_at' })
  nextAttemptAt: Date = new Date();

  @Property({ type: 'text', fieldName: 'last_error', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'text', fieldName: 'provider_message_id', nullable: true, unique: true })
  providerMessageId: string | null = null;

  @Property({ type: 'text', fieldName: 'delivery_status', nullable: true })
  deliveryStatus: string | null = null;

  @Property({ type: 'json', fieldName: 'delivery_error', nullable: true })
  deliveryError: unknown = null;

  @Property({ type: 'text', fieldName: 'trace_id', nullable: true })
  traceId: string | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'sent_at', nullable: true })
  sentAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'updated_at', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
