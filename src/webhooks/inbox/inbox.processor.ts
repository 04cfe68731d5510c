import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { CoalescingRunner } from '../../common/background/coalescing-runner.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { backoffDelay } from '../../common/resilience/retry.js';
import { runWithTrace } from '../../common/trace/trace-context.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseConnection } from '../../database/database-connection.js';

export const INBOX_DEAD = 'inbox_dead_total';

export const inboxDeadProvider = makeCounterProvider({
  name: INBOX_DEAD,
  help: 'Inbound events given up on after their last processing attempt, by provider; alert on any increase',
  labelNames: ['provider'],
});

export interface ClaimedEvent {
  id: string;
  provider: string;
  external_id: string;
  kind: string;
  sender: string | null;
  payload: Record<string, unknown>;
  trace_id: string | null;
  attempts: number;
}

/** Handles the claimed rows of one provider, inside the row's transaction. */
export abstract class InboxEventHandler {
  abstract readonly provider: string;
  /**
   * Runs inside the row's transaction; throwing rolls back its writes and schedules a retry. The
   * function it may return runs after the commit (e.g. to send the queued replies right away).
   */
  abstract handle(event: ClaimedEvent, em: EntityManager): Promise<AfterCommit | void>;
}

export type AfterCommit = () => void;

export const INBOX_EVENT_HANDLERS = Symbol('INBOX_EVENT_HANDLERS');

const MAX_ROW_BACKOFF_FACTOR = 150;

/**
 * Works the inbox. Each row is claimed with `FOR UPDATE SKIP LOCKED` and handled in its own
 * transaction; a row is eligible only when no earlier pending row of the same sender exists, so one
 * guest's messages are handled strictly in arrival order (a row in backoff holds the later ones back),
 * while different guests proceed in parallel, across replicas too. A failing handler is rolled back
 * to a savepoint and the failure is recorded in the same transaction that holds the row lock.
 */
@Injectable()
export class InboxProcessor {
  private readonly logger = new Logger('InboxProcessor');
  private readonly handlers: Map<string, InboxEventHandler>;
  private readonly concurrency: number;
  private readonly providerList: string;
  private readonly runner: CoalescingRunner;

  constructor(
    private readonly orm: MikroORM,
    connection: DatabaseConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INBOX_EVENT_HANDLERS) handlers: InboxEventHandler[],
    @InjectMetric(INBOX_DEAD) private readonly dead: Counter<string>,
  ) {
    this.handlers = new Map(handlers.map((h) => [h.provider, h]));
    // Rows of a provider nobody here handles are left alone (another replica may know them).
    this.providerList = handlers.map(() => '?').join(', ');
    // The embedded database is one serialised session: parallel workers would only queue.
    this.concurrency = connection.embedded ? 1 : 2;
    this.runner = new CoalescingRunner(async () => {
      await Promise.all(Array.from({ length: this.concurrency }, () => this.worker()));
    }, config.workers.enabled);
  }

  /** Process soon (after an insert); calls during a run coalesce into one more round. */
  nudge(): void {
    this.runner.nudge();
  }

  /** One full round over what is due (the sweep job), resolving when done. */
  drain(): Promise<void> {
    return this.runner.runNow();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  private async worker(): Promise<void> {
    while (!this.runner.stopped) {
      try {
        if (!(await this.processNext())) return;
      } catch (error) {
        this.logger.error({ err: { message: (error as Error).message } }, 'inbox_processing_failed');
        return;
      }
    }
  }

  /**
   * Claims and handles one due row; false when nothing is due. The pick order follows the partial
   * index on (next_attempt_at, id), so a claim stays cheap with a large backlog; per-guest order is
   * kept by the NOT EXISTS, whatever row is picked.
   */
  private async processNext(): Promise<boolean> {
    const after: { run?: AfterCommit | void } = {};
    const found = await this.orm.em.fork().transactional(async (tx) => {
      // Right after a burst the table's statistics lag behind, and the planner then prefers a bitmap
      // scan that evaluates the whole backlog (100+ ms per claim at 45k rows) over walking the due
      // index and stopping at the first eligible row (under 0.1 ms). Only this transaction is affected.
      await tx.execute('set local enable_bitmapscan = off');
      const [event] = await tx.execute<ClaimedEvent[]>(
        `select e.id, e.provider, e.external_id, e.kind, e.sender, e.payload, e.trace_id, e.attempts
         from inbound_events e
         where e.status = 'pending' and e.next_attempt_at <= now() and e.provider in (${this.providerList})
           and (e.sender is null or not exists (
             select 1 from inbound_events p
             where p.status = 'pending' and p.sender = e.sender and p.provider = e.provider and p.id < e.id))
         order by e.next_attempt_at, e.id
         limit 1
         for update of e skip locked`,
        [...this.handlers.keys()],
      );
      if (!event) return false;
      after.run = await runWithTrace(event.trace_id ?? `inbox-${event.id}`, () =>
        this.handleClaimed(tx, event, this.handlers.get(event.provider)),
      );
      return true;
    });
    if (found && after.run) after.run();
    return found;
  }

  private async handleClaimed(
    tx: EntityManager,
    event: ClaimedEvent,
    handler: InboxEventHandler | undefined,
  ): Promise<AfterCommit | void> {
    const started = performance.now();
    const log = {
      inbound_id: event.id,
      provider: event.provider,
      kind: event.kind,
      attempt: event.attempts + 1,
    };
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
      const message = (error as Error).message ?? String(error);
      const attempts = event.attempts + 1;
      if (attempts >= this.config.inbox.maxAttempts) {
        await tx.execute(
          `update inbound_events set status = 'dead', attempts = ?, last_error = ?, processed_at = now() where id = ?`,
          [attempts, message, event.id],
        );
        this.dead.inc({ provider: event.provider });
        this.logger.error({ ...log, err: { message } }, 'inbound_event_dead');
        return;
      }
      const { baseMs } = this.config.whatsapp.retry;
      const delayMs = backoffDelay(attempts, baseMs, baseMs * MAX_ROW_BACKOFF_FACTOR);
      await tx.execute(
        `update inbound_events set attempts = ?, last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond'
         where id = ?`,
        [attempts, message, delayMs, event.id],
      );
      this.logger.warn({ ...log, delay_ms: delayMs, err: { message } }, 'inbound_event_retry_scheduled');
    }
  }
}
