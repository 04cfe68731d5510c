import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboundWhatsAppMessage } from '../messaging/whatsapp/inbound-message.js';
import type { TransactionalOutbox } from '../messaging/outbox/outbox-message.js';
import type { VoiceNoteResult } from './voice-notes.js';

/** What `prepare` found out about a message, as stored with it (JSON). */
export type PreparedMessage = VoiceNoteResult;

/** What a handler gets besides the message: both bound to the inbox row's transaction. */
export interface ConversationContext {
  /** Transaction-scoped: everything written here commits together with the inbox row being marked done. */
  readonly em: EntityManager;
  /** Replies queued here are sent only if the transaction commits. */
  readonly outbox: TransactionalOutbox;
  /** The result of `prepare`, for the messages that needed it. */
  readonly prepared?: PreparedMessage | null;
}

/**
 * The port the inbox processor calls once per inbound WhatsApp message, in arrival order per guest.
 * Throwing rolls the transaction back (nothing queued, nothing changed) and the processor retries
 * with backoff; the same message can therefore be handled more than once, so replies must use
 * dedupe keys derived from `message.id`.
 *
 * Some messages need slow outside work first (a voice note is downloaded and transcribed): for
 * those, `prepare` runs before `handle`, outside any transaction, and its result reaches `handle`
 * as `context.prepared`.
 */
export abstract class ConversationHandler {
  /** The longest `prepare` can take, every retry and timeout included. */
  abstract readonly preparationBudgetMs: number;
  /** By the message type as Meta sent it; cheap and without I/O: asked for every message claimed. */
  abstract needsPreparation(type: string): boolean;
  /** Never throws for the outside world being down: that is an outcome the guest hears about. */
  abstract prepare(message: InboundWhatsAppMessage, signal: AbortSignal): Promise<PreparedMessage>;
  abstract handle(message: InboundWhatsAppMessage, context: ConversationContext): Promise<void>;
}
