import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboundWhatsAppMessage } from '../messaging/whatsapp/inbound-message.js';
import type { TransactionalOutbox } from '../messaging/outbox/outbox-message.js';

/** What a handler gets besides the message: both bound to the inbox row's transaction. */
export interface ConversationContext {
  /** Transaction-scoped: everything written here commits together with the inbox row being marked done. */
  readonly em: EntityManager;
  /** Replies queued here are sent only if the transaction commits. */
  readonly outbox: TransactionalOutbox;
}

/**
 * The port the inbox processor calls once per inbound WhatsApp message, in arrival order per guest.
 * Throwing rolls the transaction back (nothing queued, nothing changed) and the processor retries
 * with backoff; the same message can therefore be handled more than once, so replies must use
 * dedupe keys derived from `message.id`.
 */
export abstract class ConversationHandler {
  abstract handle(message: InboundWhatsAppMessage, context: ConversationContext): Promise<void>;
}
