import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { CoalescingRunner } from '../../common/background/coalescing-runner.js';
import { ForegroundPriority } from '../../common/background/foreground-priority.js';
import { runWithTrace } from '../../common/trace/trace-context.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { DatabaseConnection } from '../../database/database-connection.js';
import {
  INBOX_EVENT_HANDLERS,
  type AfterCommit,
  type ClaimedEvent,
  type InboxEventHandler,
} from './inbox-event-handler.js';
import { INBOX_DEAD, InboxOutcomes } from './inbox-outcomes.js';
import { InboxPreparations, type Lease } from './inbox-preparations.js';

/**
 * Works the inbox. Each row is claimed with `FOR UPDATE SKIP LOCKED` and handled in its own
 * transaction; a row is eligible only when no earlier pending row of the same sender exists, so one
 * guest's messages are handled strictly in arrival order (a row in backoff holds the later ones back),
 * while different guests proceed in parallel, across replicas too. A failing handler is rolled back
 * to a savepoint and the failure is recorded in the same transaction that holds the row lock.
 *
 * Rows whose handler needs slow outside work first (a voice note to transcribe) are leased and
 * prepared outside any transaction (InboxPreparations) while the workers keep claiming.
 */
@Injectable()
export class InboxProcessor {
  private readonly logger = new Logger('InboxProcessor');
  private readonly handlers: Map<string, InboxEventHandler>;
  private readonly concurrency: number;
  private readonly providerList: string;
  private readonly runner: CoalescingRunner;
  private readonly outcomes: InboxOutcomes;
  private readonly preparations: InboxPreparations;
  /** Rows claimed while every preparation slot was taken: left pending, skipped until a pass ends. */
  private readonly deferred = new Set<string>();

  constructor(
    private readonly orm: MikroORM,
    connection: DatabaseConnection,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(INBOX_EVENT_HANDLERS) handlers: InboxEventHandler[],
    @InjectMetric(INBOX_DEAD) dead: Counter<string>,
    private readonly foreground: ForegroundPriority,
  ) {
    this.outcomes = new InboxOutcomes(config, dead);
    // A finished preparation lets the guest's next message, and rows deferred for lack of a slot, go.
    this.preparations = new InboxPreparations(orm, this.outcomes, () => this.runner.nudge());
    this.handlers = new Map(handlers.map((h) => [h.provider, h]));
    // Rows of a provider nobody here handles are left alone (another replica may know them).
    this.providerList = handlers.map(() => '?').join(', ');
    // The embedded database is one serialised session: parallel workers would only queue. On a real
    // server a row's handling is mostly waiting on round trips, so a few workers overlap them
    // (measured: two workers left the process two-thirds idle while draining a backlog).
    this.concurrency = connection.embedded ? 1 : 4;
    this.runner = new CoalescingRunner(async () => {
      this.deferred.clear();
      await Promise.all(Array.from({ length: this.concurrency }, () => this.worker()));
    }, config.workers.enabled);
  }

  /** Process soon (after an insert); calls during a run coalesce into one more round. */
  nudge(): void {
    this.runner.nudge();
  }

  /** One full round over what is due (the sweep job), resolving when done, preparations included. */
  async drain(): Promise<void> {
    await this.runner.runNow();
    while (this.preparations.inFlight > 0) {
      await this.preparations.settled();
      await this.runner.runNow();
    }
  }

  /** Claims nothing more; preparations get a grace period to finish, then are aborted (leases released). */
  async stop(): Promise<void> {
    await this.runner.stop();
    await this.preparations.stop();
  }

  private async worker(): Promise<void> {
    while (!this.runner.stopped) {
      try {
        const started = performance.now();
        if (!(await this.processNext())) return;
        await this.foreground.yieldAfter(performance.now() - started);
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
    const after: { run?: AfterCommit | void; lease?: Lease; slot?: boolean } = {};
    const found = await this.orm.em
      .fork()
      .transactional(async (tx) => this.claimAndHandle(tx, after))
      .catch((error: unknown) => {
        if (after.slot) this.preparations.release();
        throw error;
      });
    // The slot taken with the lease is given back when its preparation ends.
    if (after.lease) this.preparations.start(after.lease);
    if (found && after.run) after.run();
    return found;
  }

  private async claimAndHandle(
    tx: EntityManager,
    after: { run?: AfterCommit | void; lease?: Lease; slot?: boolean },
  ): Promise<boolean> {
    // Right after a burst the table's statistics lag behind, and the planner then prefers a bitmap
    // scan that evaluates the whole backlog (100+ ms per claim at 45k rows) over walking the due
    // index and stopping at the first eligible row (under 0.1 ms). Only this transaction is affected.
    await tx.execute('set local enable_bitmapscan = off');
    const skipped = [...this.deferred];
    const [event] = await tx.execute<ClaimedEvent[]>(
      `select e.id, e.provider, e.external_id, e.kind, e.sender, e.payload, e.trace_id, e.attempts, e.prepared
       from inbound_events e
       where e.status = 'pending' and e.next_attempt_at <= now() and e.provider in (${this.providerList})
         and (e.locked_until is null or e.locked_until <= now())
         ${skipped.length > 0 ? `and e.id not in (${skipped.map(() => '?').join(', ')})` : ''}
         and (e.sender is null or not exists (
           select 1 from inbound_events p
           where p.status = 'pending' and p.sender = e.sender and p.provider = e.provider and p.id < e.id))
       order by e.next_attempt_at, e.id
       limit 1
       for update of e skip locked`,
      [...this.handlers.keys(), ...skipped],
    );
    if (!event) return false;
    const handler = this.handlers.get(event.provider);
    if (handler?.prepare && event.prepared === null && handler.needsPreparation?.(event)) {
      // Full: the row stays pending for a later pass (its guest's next messages wait behind it).
      if (this.preparations.reserve()) {
        after.slot = true;
        after.lease = await this.preparations.lease(tx, event, handler);
      } else {
        this.deferred.add(event.id);
      }
      return true;
    }
    after.run = await runWithTrace(event.trace_id ?? `inbox-${event.id}`, () =>
      this.outcomes.handle(tx, event, handler),
    );
    return true;
  }
}
