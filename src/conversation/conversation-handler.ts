import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
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

const MENU =
  '¡Hola! 👋 Soy el asistente de reservas. Contame qué necesitás:\n' +
  '1️⃣ Consultar disponibilidad (por ejemplo: "¿tenés libre del 15 al 20 de diciembre para 4?")\n' +
  '2️⃣ Ver fotos y precios de nuestras cabañas\n' +
  '3️⃣ Reservar\n' +
  'Escribime o mandame un audio, como te quede más cómodo.';

/** Stand-in until the real conversation handler exists: answers every message with the menu. */
@Injectable()
export class GreetingConversationHandler extends ConversationHandler {
  async handle(message: InboundWhatsAppMessage, { outbox }: ConversationContext): Promise<void> {
    // Removing a reaction or a system notice is not the guest talking to us.
    if (message.type === 'reaction' || message.type === 'system') return;
    await outbox.enqueue({
      to: message.from,
      kind: 'text',
      text: MENU,
      dedupeKey: `reply:${message.id}:menu`,
    });
  }
}
