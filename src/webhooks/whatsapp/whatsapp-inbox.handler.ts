import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ConversationHandler, type PreparedMessage } from '../../conversation/conversation-handler.js';
import { OutboxStatusUpdater } from '../../messaging/outbox/outbox-status.updater.js';
import { OutboxWriter } from '../../messaging/outbox/outbox.writer.js';
import { InboxEventHandler, type AfterCommit, type ClaimedEvent } from '../inbox/inbox-event-handler.js';
import { toInboundMessage, toStatusUpdate, type StoredMessage } from './whatsapp-payload.js';

/** A status can overtake the send that produced its wamid; wait a little before calling it foreign. */
const UNKNOWN_STATUS_ATTEMPTS = 3;

class StatusForUnknownMessage extends Error {}

/** Beyond the conversation's own worst case: the final transaction and a slow scheduler. */
const LEASE_MARGIN_MS = 30_000;

/**
 * WhatsApp inbox rows: guest messages go to the conversation, statuses to their outbox rows. Messages
 * the conversation must prepare first (voice notes) are prepared outside the row's transaction.
 */
@Injectable()
export class WhatsAppInboxHandler extends InboxEventHandler {
  readonly provider = 'whatsapp';
  override readonly preparationLeaseMs: number;
  private readonly logger = new Logger('WhatsAppInbox');

  constructor(
    private readonly conversation: ConversationHandler,
    private readonly outbox: OutboxWriter,
    private readonly statuses: OutboxStatusUpdater,
  ) {
    super();
    this.preparationLeaseMs = conversation.preparationBudgetMs + LEASE_MARGIN_MS;
  }

  override needsPreparation(event: ClaimedEvent): boolean {
    // The row's kind is the message type as Meta sent it: no need to parse the payload to decide.
    return event.kind !== 'status' && this.conversation.needsPreparation(event.kind);
  }

  override prepare(event: ClaimedEvent, signal: AbortSignal): Promise<object> {
    return this.conversation.prepare(toInboundMessage(event.payload as unknown as StoredMessage), signal);
  }

  async handle(event: ClaimedEvent, em: EntityManager): Promise<AfterCommit | void> {
    if (event.kind === 'status') return this.applyStatus(event, em);
    const message = toInboundMessage(event.payload as unknown as StoredMessage);
    const outbox = this.outbox.bind(em);
    await this.conversation.handle(message, {
      em,
      outbox,
      prepared: event.prepared as PreparedMessage | null,
    });
    if (outbox.queued > 0) return () => this.outbox.committed();
  }

  private async applyStatus(event: ClaimedEvent, em: EntityManager): Promise<void> {
    const update = toStatusUpdate(event.payload);
    if (!update) {
      this.logger.warn({ inbound_id: event.id }, 'whatsapp_status_unusable');
      return;
    }
    const result = await this.statuses.apply(em, {
      providerMessageId: update.providerMessageId,
      status: update.status,
      errors: update.errors,
    });
    if (result === 'unknown_message') {
      if (event.attempts + 1 < UNKNOWN_STATUS_ATTEMPTS) {
        throw new StatusForUnknownMessage(`no outbound message with id ${update.providerMessageId} yet`);
      }
      this.logger.warn(
        { inbound_id: event.id, status: update.status },
        'whatsapp_status_for_unknown_message',
      );
    }
    if (update.status === 'failed') {
      this.logger.warn(
        { provider_message_id: update.providerMessageId, codes: update.errors.map((e) => e.code) },
        'whatsapp_delivery_failed',
      );
    }
  }
}
