import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { CoalescingRunner } from '../../common/background/coalescing-runner.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { ForegroundPriority } from '../../common/background/foreground-priority.js';
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
  /** What `prepare` returned for this row (kept across retries of `handle`); null until then. */
  prepared: unknown;
}

/** Handles the claimed rows of one provider, inside the row's transaction. */
export abstract class InboxEventHandler {
  abstract readonly provider: string;
  /**
   * Runs inside the row's transaction; throwing rolls back its writes and schedules a retry. The
   * function it may return runs after the commit (e.g. to send the queued replies right away).
   */
  abstract handle(event: ClaimedEvent, em: EntityManager): Promise<AfterCommit | void>;
  /**
   * Whether the row needs slow outside work (a download, a transcription) before `handle`. Asked
   * inside the claim's transaction for every row, so it must be cheap and must not do I/O.
   */
  needsPreparation?(event: ClaimedEvent): boolean;
  /**
   * The slow work, run outside any transaction while the row is leased. `signal` aborts when the
   * processor stops or the lease runs out. The result must be JSON: it is stored on the row and
   * given to `handle` as `event.prepared`. Throwing counts as a failed attempt of the row.
   */
  prepare?(event: ClaimedEvent, signal: AbortSignal): Promise<object>;
  /** The longest `prepare` may take, retries included; the lease lasts this long. */
  readonly preparationLeaseMs?: number;
}

export type AfterCommit = () => void;

export const INBOX_EVENT_HANDLERS = Symbol('INBOX_EVENT_HANDLERS');

const MAX_ROW_BACKOFF_FACTOR = 150;
/** Preparations in flight per processor: enough to keep transcriptions overlapping, not a flood. */
const MAX_PREPARATIONS = 32;
const DEFAULT_LEASE_MS = 5 * 60_000;
/** On stop, how long preparations may finish on their own before they are aborted. */
const STOP_GRACE_MS = 10_000;

/** A claimed row leased for preparation; `token` is its exact `locked_until`, proof the lease is ours. */
interface Lease {
  event: ClaimedEvent;
  handler: InboxEventHandler;
  token: string;
  leaseMs: number;
}

class LeaseExpired extends Error {
  override name = 'LeaseExpired';
}

/**
 * Works the inbox. Each row is claimed with `FOR UPDATE SKIP LOCKED` and handled in its own
 * transaction; a row is eligible only when no earlier pending row of the same sender exists, so one
 * guest's messages are handled strictly in arrival order (a row in backoff holds the later ones back),
 * while different guests proceed in parallel, across replicas too. A failing handler is rolled back
 * to a savepoint and the failure is recorded in the same transaction that holds the row lock.
 *
 * Rows whose handler needs slow outside work first (a voice note to transcribe) are not held in a
 * transaction meanwhile: the claim leases the row (`locked_until`) and commits, the preparation runs
 * in the background (at most MAX_PREPARATIONS at once, the workers keep claiming), then a new
 * transaction re-locks the row, checks the lease is still this one's, stores the result and handles
 * it. A leased row is still pending, so the guest's later messages wait behind it; a crash leaves
 * the lease to expire and the row to be claimed again.
 */
@Injectable()
export class InboxProcessor {
  private readonly logger = new Logger('InboxProcessor');
  private readonly handlers: Map<string, InboxEventHandler>;
  private readonly concurrency: number;
  private readonly providerList: string;
  private readonly runner: CoalescingRunner;
  private readonly preparations = new Set<Promise<void>>();
  /** Preparation slots taken, counted from the decision to lease (workers decide concurrently). */
  private slotsTaken = 0;
  /** Rows claimed while every preparation slot was taken: left pending, skipped until a pass ends. */
  private readonly deferred = new Set<string>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly orm: MikroORM,
    connection: DatabaseConnection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INBOX_EVENT_HANDLERS) handlers: InboxEventHandler[],
    @InjectMetric(INBOX_DEAD) private readonly dead: Counter<string>,
    private readonly foreground: ForegroundPriority,
  ) {
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
    while (this.preparations.size > 0) {
      await Promise.all([...this.preparations]);
      await this.runner.runNow();
    }
  }

  /** Claims nothing more; preparations get a grace period to finish, then are aborted (leases released). */
  async stop(): Promise<void> {
    await this.runner.stop();
    if (this.preparations.size === 0) return;
    const grace = setTimeout(() => this.stopping.abort(), STOP_GRACE_MS);
    try {
      while (this.preparations.size > 0) await Promise.all([...this.preparations]);
    } finally {
      clearTimeout(grace);
    }
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
        if (after.slot) this.slotsTaken--;
        throw error;
      });
    // The slot taken with the lease is given back when its preparation ends.
    if (after.lease) this.startPreparation(after.lease);
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
      if (this.slotsTaken >= MAX_PREPARATIONS) {
        this.deferred.add(event.id);
      } else {
        this.slotsTaken++;
        after.slot = true;
        after.lease = await this.lease(tx, event, handler);
      }
      return true;
    }
    after.run = await runWithTrace(event.trace_id ?? `inbox-${event.id}`, () =>
      this.handleClaimed(tx, event, handler),
    );
    return true;
  }

  private async lease(tx: EntityManager, event: ClaimedEvent, handler: InboxEventHandler): Promise<Lease> {
    const leaseMs = handler.preparationLeaseMs ?? DEFAULT_LEASE_MS;
    const [row] = await tx.execute<{ token: string }[]>(
      `update inbound_events set locked_until = now() + ? * interval '1 millisecond' where id = ?
       returning locked_until::text as token`,
      [leaseMs, event.id],
    );
    return { event, handler, token: row!.token, leaseMs };
  }

  private startPreparation(lease: Lease): void {
    const { event } = lease;
    const task = runWithTrace(event.trace_id ?? `inbox-${event.id}`, () => this.prepareAndHandle(lease))
      .catch((error: unknown) => {
        this.logger.error(
          { inbound_id: event.id, err: { message: (error as Error).message } },
          'inbox_preparation_failed',
        );
      })
      .finally(() => {
        this.preparations.delete(task);
        this.slotsTaken--;
        // The guest's next message, and rows deferred for lack of a slot, may proceed now.
        this.runner.nudge();
      });
    this.preparations.add(task);
  }

  /** Outside any transaction: the slow part; then the row's own transaction, as for any other row. */
  private async prepareAndHandle(lease: Lease): Promise<void> {
    const { event, handler, token } = lease;
    const expiry = AbortSignal.timeout(lease.leaseMs);
    let prepared: object;
    try {
      prepared = await handler.prepare!(event, AbortSignal.any([this.stopping.signal, expiry]));
    } catch (error) {
      if (this.stopping.signal.aborted) {
        // Stopping: hand the row straight back rather than making the next worker wait for the lease.
        await this.orm.em
          .fork()
          .execute(
            `update inbound_events set locked_until = null where id = ? and locked_until = ?::timestamptz`,
            [event.id, token],
          );
        return;
      }
      const failure = expiry.aborted ? new LeaseExpired('preparation outlasted its lease') : error;
      await this.withLease(lease, (tx) => this.recordFailure(tx, event, failure, this.logFields(event)));
      return;
    }
    const after = await this.withLease(lease, async (tx) => {
      await tx.execute(`update inbound_events set prepared = ?::jsonb, locked_until = null where id = ?`, [
        JSON.stringify(prepared),
        event.id,
      ]);
      return this.handleClaimed(tx, { ...event, prepared }, handler);
    });
    if (after) after();
  }

  /** Runs `work` in a transaction holding the row, only if it is still pending and leased by us. */
  private async withLease<T>(lease: Lease, work: (tx: EntityManager) => Promise<T>): Promise<T | undefined> {
    return this.orm.em.fork().transactional(async (tx) => {
      const [row] = await tx.execute<{ id: string }[]>(
        `select id from inbound_events
         where id = ? and status = 'pending' and locked_until = ?::timestamptz
         for update`,
        [lease.event.id, lease.token],
      );
      if (!row) {
        // The lease ran out and another worker took the row over: its result is the one that counts.
        this.logger.warn({ inbound_id: lease.event.id }, 'inbound_event_lease_lost');
        return undefined;
      }
      return work(tx);
    });
  }

  private logFields(event: ClaimedEvent): Record<string, unknown> {
    return { inbound_id: event.id, provider: event.provider, kind: event.kind, attempt: event.attempts + 1 };
  }

  private async handleClaimed(
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
      await this.recordFailure(tx, event, error, log);
    }
  }

  /** A failed attempt: backoff and retry, or dead after the last one; any lease is given up. */
  private async recordFailure(
    tx: EntityManager,
    event: ClaimedEvent,
    error: unknown,
    log: Record<string, unknown>,
  ): Promise<void> {
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
