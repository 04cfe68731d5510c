import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Logger } from '@nestjs/common';
import { runWithTrace } from '../../common/trace/trace-context.js';
import type { ClaimedEvent, InboxEventHandler } from './inbox-event-handler.js';
import type { InboxOutcomes } from './inbox-outcomes.js';

/** Preparations in flight per processor: enough to keep transcriptions overlapping, not a flood. */
const MAX_PREPARATIONS = 32;
const DEFAULT_LEASE_MS = 5 * 60_000;
/** On stop, how long preparations may finish on their own before they are aborted. */
const STOP_GRACE_MS = 10_000;

/** A claimed row leased for preparation; `token` is its exact `locked_until`, proof the lease is ours. */
export interface Lease {
  event: ClaimedEvent;
  handler: InboxEventHandler;
  token: string;
  leaseMs: number;
}

class LeaseExpired extends Error {
  override name = 'LeaseExpired';
}

/**
 * Rows whose handler needs slow outside work first (a voice note to transcribe) are not held in a
 * transaction meanwhile: the claim leases the row (`locked_until`) and commits, the preparation runs
 * in the background (at most MAX_PREPARATIONS at once, the workers keep claiming), then a new
 * transaction re-locks the row, checks the lease is still this one's, stores the result and handles
 * it. A leased row is still pending, so the guest's later messages wait behind it; a crash leaves
 * the lease to expire and the row to be claimed again.
 */
export class InboxPreparations {
  private readonly logger = new Logger('InboxProcessor');
  private readonly running = new Set<Promise<void>>();
  /** Slots taken, counted from the decision to lease (workers decide concurrently). */
  private slotsTaken = 0;
  private readonly stopping = new AbortController();

  constructor(
    private readonly orm: MikroORM,
    private readonly outcomes: InboxOutcomes,
    /** Called when a preparation ends: the guest's next message, and deferred rows, may proceed. */
    private readonly onSettled: () => void,
  ) {}

  get inFlight(): number {
    return this.running.size;
  }

  /** Takes a slot for a row about to be leased; false when all are taken. */
  reserve(): boolean {
    if (this.slotsTaken >= MAX_PREPARATIONS) return false;
    this.slotsTaken++;
    return true;
  }

  /** Gives back a slot whose lease was never committed. */
  release(): void {
    this.slotsTaken--;
  }

  /** Resolves when every preparation running now has ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Running preparations get a grace period to finish, then are aborted (their leases released). */
  async stop(): Promise<void> {
    if (this.running.size === 0) return;
    const grace = setTimeout(() => this.stopping.abort(), STOP_GRACE_MS);
    try {
      await this.settled();
    } finally {
      clearTimeout(grace);
    }
  }

  async lease(tx: EntityManager, event: ClaimedEvent, handler: InboxEventHandler): Promise<Lease> {
    const leaseMs = handler.preparationLeaseMs ?? DEFAULT_LEASE_MS;
    const [row] = await tx.execute<{ token: string }[]>(
      `update inbound_events set locked_until = now() + ? * interval '1 millisecond' where id = ?
       returning locked_until::text as token`,
      [leaseMs, event.id],
    );
    return { event, handler, token: row!.token, leaseMs };
  }

  start(lease: Lease): void {
    const { event } = lease;
    const task = runWithTrace(event.trace_id ?? `inbox-${event.id}`, () => this.prepareAndHandle(lease))
      .catch((error: unknown) => {
        this.logger.error(
          { inbound_id: event.id, err: { message: (error as Error).message } },
          'inbox_preparation_failed',
        );
      })
      .finally(() => {
        this.running.delete(task);
        this.slotsTaken--;
        this.onSettled();
      });
    this.running.add(task);
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
      await this.withLease(lease, (tx) => this.outcomes.recordFailure(tx, event, failure));
      return;
    }
    const after = await this.withLease(lease, async (tx) => {
      await tx.execute(`update inbound_events set prepared = ?::jsonb, locked_until = null where id = ?`, [
        JSON.stringify(prepared),
        event.id,
      ]);
      return this.outcomes.handle(tx, { ...event, prepared }, handler);
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
}
