import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { currentTraceId } from '../../common/trace/trace-context.js';
import { OutboxDispatcher } from './outbox.dispatcher.js';
import type { OutboxMessage, TransactionalOutbox } from './outbox-message.js';

/**
 * Writes outbox rows on the caller's EntityManager, so a reply commits or rolls back with the change
 * that caused it. Call `committed()` after the transaction commits to have it sent right away; the
 * dispatcher's interval sends it anyway if nobody does.
 */
@Injectable()
export class OutboxWriter {
  constructor(private readonly dispatcher: OutboxDispatcher) {}

  async enqueue(em: EntityManager, message: OutboxMessage): Promise<boolean> {
    const body =
      message.kind === 'text' ? { text: message.text } : { link: message.link, caption: message.caption };
    const rows = await em.execute<{ id: string }[]>(
      `insert into outbound_messages (recipient, kind, body, dedupe_key, trace_id)
       values (?, ?, ?::jsonb, ?, ?)
       on conflict (dedupe_key) do nothing
       returning id`,
      [message.to, message.kind, JSON.stringify(body), message.dedupeKey, currentTraceId() ?? null],
    );
    return rows.length > 0;
  }

  /** A writer bound to one transaction, in the shape the conversation handler receives. */
  bind(em: EntityManager): TransactionalOutbox & { readonly queued: number } {
    let queued = 0;
    return {
      enqueue: async (message) => {
        const inserted = await this.enqueue(em, message);
        if (inserted) queued++;
        return inserted;
      },
      get queued() {
        return queued;
      },
    };
  }

  /** After commit: send now instead of at the next interval. */
  committed(): void {
    this.dispatcher.nudge();
  }
}
