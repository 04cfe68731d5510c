import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { KeyValueStore } from '../../redis/key-value-store.js';

export const WEBHOOK_DUPLICATES = 'webhook_duplicates_total';

export const webhookDuplicatesProvider = makeCounterProvider({
  name: WEBHOOK_DUPLICATES,
  help: 'Webhook events received again and not processed a second time, by provider',
  labelNames: ['provider'],
});

/** A day covers Meta's and MercadoPago's fast redeliveries; later ones hit the durable unique key. */
const TTL_SECONDS = 86_400;

/**
 * Deduplication of provider events in two layers. `claim` is the fast path (`SET NX EX` on
 * `<provider>:<id>`), shared by replicas through Redis; it can be wrong only in the safe direction
 * when the store is down (everything looks new). The durable guarantee is the caller's unique key
 * (the inbox's `(provider, external_id)`): whatever `claim` says, a second insert does nothing.
 * A claim whose event could not be stored must be `release`d, or the provider's retry would be
 * mistaken for a duplicate and the event lost.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger('Idempotency');
  private degraded = false;

  constructor(
    private readonly store: KeyValueStore,
    @InjectMetric(WEBHOOK_DUPLICATES) private readonly duplicates: Counter<string>,
  ) {}

  /** True when this is the first time the event is seen (or the store cannot tell). */
  async claim(provider: string, id: string): Promise<boolean> {
    try {
      const fresh = await this.store.setIfAbsent(this.key(provider, id), '1', TTL_SECONDS);
      this.degraded = false;
      return fresh;
    } catch (error) {
      if (!this.degraded) {
        this.logger.warn({ err: { message: (error as Error).message } }, 'idempotency_store_degraded');
      }
      this.degraded = true;
      return true;
    }
  }

  async release(provider: string, id: string): Promise<void> {
    await this.store.delete(this.key(provider, id)).catch(() => undefined);
  }

  recordDuplicate(provider: string, count = 1): void {
    if (count > 0) this.duplicates.inc({ provider }, count);
  }

  private key(provider: string, id: string): string {
    return `${provider}:${id}`;
  }
}
