/** A message to queue for a guest. The dedupe key makes queueing idempotent: same key, one message. */
export type OutboxMessage = {
  /** The guest's WhatsApp number as Meta sent it (digits, e.g. `5491155550123`). */
  to: string;
  /**
   * Stable for "the same reply": e.g. `reply:<inbound wamid>:menu`. Queueing again with a key that
   * exists does nothing, which is what makes reprocessing an inbound message safe.
   */
  dedupeKey: string;
} & ({ kind: 'text'; text: string } | { kind: 'image'; link: string; caption?: string });

/** The outbox as seen from inside one transaction: rows become visible (and are sent) only on commit. */
export interface TransactionalOutbox {
  /** Resolves true when queued, false when a message with the same dedupe key already exists. */
  enqueue(message: OutboxMessage): Promise<boolean>;
}
