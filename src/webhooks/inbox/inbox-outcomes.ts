import type { EntityManager } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { backoffDelay } from '../../common/resilience/retry.js';
import type { AppConfig } from '../../config/app-config.js';
import type { AfterCommit, ClaimedEvent, InboxEventHandler } from './inbox-event-handler.js';

export const INBOX_DEAD = 'inbox_dead_total';

export const inboxDeadProvider = makeCounterProvider({
  name: INBOX_DEAD,
  help: 'Inbound events given up on after their last processing attempt, by provider; alert on any increase',
  labelNames: ['provider'],
});

const MAX_ROW_BACKOFF_FACTOR = 150;

/**
 * What becomes of a claimed row, inside the transaction that holds it: handled and done, or a failed
 * attempt (backoff and retry, dead after the last one). A failing handler is rolled back to a
 * savepoint, so the failure is recorded while the row is still locked.
 */
export class InboxOutcomes {
  private readonly logger = new Logger('InboxProcessor');

  constructor(
    private readonly config: AppConfig,
    private readonly dead: Counter<string>,
  ) {}

  private logFields(event: ClaimedEvent): Record<string, unknown> {
    return { inbound_id: event.id, provider: event.provider, kind: event.kind, attempt: event.attempts + 1 };
  }

  async handle(
    tx: EntityManager,
    event: ClaimedEvent,
    handler: InboxEventHandler | undefined,
  ): Promise<AfterCommit | void> {
    const started = performance.now();
    const log = this.logFields(event);
    try {
      if (!handler) throw new Error(`no handler for provider ${event.provider}`);
      const afterCommit = await tx.transactional((inner) => handler.handle(event, inner));
      await tx.execute(
        `update inbound_events set status = 'done', attempts = attempts + 1, processed_at = now(), last_error = null
         where id = ?`,
        [event.id],
      );
      this.logger.log(
        { ...log, duration_ms: Math.round(performance.now() - started) },
        'inbound_event_processed',
      );
      return afterCommit;
    } catch (error) {
      await this.recordFailure(tx, event, error);
    }
  }

  /** A failed attempt: backoff and retry, or dead after the last one; any lease is given up. */
  async recordFailure(tx: EntityManager, event: ClaimedEvent, error: unknown): Promise<void> {
    const log = this.logFields(event);
    const message = (error as Error).message ?? String(error);
    const attempts = event.attempts + 1;
    if (attempts >= this.config.inbox.maxAttempts) {
      await tx.execute(
        `update inbound_events set status = 'dead', attempts = ?, last_error = ?, processed_at = now(),
           locked_until = null
         where id = ?`,
        [attempts, message, event.id],
      );
      this.dead.inc({ provider: event.provider });
      this.logger.error({ ...log, err: { message } }, 'inbound_event_dead');
      return;
    }
    const { baseMs } = this.config.whatsapp.retry;
    const delayMs = backoffDelay(attempts, baseMs, baseMs * MAX_ROW_BACKOFF_FACTOR);
    await tx.execute(
      `update inbound_events set attempts = ?, last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond',
         locked_until = null
       where id = ?`,
      [attempts, message, delayMs, event.id],
    );
    this.logger.warn({ ...log, delay_ms: delayMs, err: { message } }, 'inbound_event_retry_scheduled');
  }
}
