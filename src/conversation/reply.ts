import type { OutboxMessage } from '../messaging/outbox/outbox-message.js';
import type { InboundWhatsAppMessage } from '../messaging/whatsapp/inbound-message.js';
import type { ConversationContext } from './conversation-handler.js';
import { texts } from './guest-texts.js';

/** One inbound message being answered: replies get dedupe keys from the wamid and their order. */
export class Reply {
  private n = 0;
  /** Set when the guest opened with a greeting that the answer itself would not echo. */
  greetFirst = false;

  constructor(
    private readonly message: InboundWhatsAppMessage,
    private readonly context: ConversationContext,
  ) {}

  text(text: string): Promise<boolean> {
    const greet = this.greetFirst && this.n === 0;
    return this.send({ kind: 'text', text: greet ? `${texts.hello()} ${text}` : text });
  }

  image(link: string, caption: string): Promise<boolean> {
    this.greetFirst = false;
    return this.send({ kind: 'image', link, caption });
  }

  private send(body: { kind: 'text'; text: string } | { kind: 'image'; link: string; caption: string }) {
    this.n++;
    const message = { ...body, to: this.message.from, dedupeKey: `reply:${this.message.id}:${this.n}` };
    return this.context.outbox.enqueue(message as OutboxMessage);
  }
}
