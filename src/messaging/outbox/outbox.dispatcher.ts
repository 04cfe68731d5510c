import { MikroORM } from '@mikro-orm/postgresql';
import { CoalescingRunner } from '../../common/background/coalescing-runner.js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { maskPhone } from '../../common/logging/redaction.js';
import { CircuitOpenError } from '../../common/resilience/circuit-breaker.js';
import { backoffDelay } from '../../common/resilience/retry.js';
import { runWithTrace } from '../../common/trace/trace-context.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import type { OutboundBody, OutboundKind } from '../entities/outbound-message.entity.js';
import { WhatsAppApiError } from '../whatsapp/whatsapp-api.error.js';
import { WhatsAppClient } from '../whatsapp/whatsapp.client.js';

export const OUTBOX_DEAD = 'outbox_dead_total';
export const OUTBOX_BACKLOG = 'outbox_backlog';

export const outboxDeadProvider = makeCounterProvider({
  name: OUTBOX_DEAD,
  help: 'Outbound messages given up on (final API error or last attempt failed); alert on any increase',
});
export const outboxBacklogProvider = makeGaugeProvider({
  name: OUTBOX_BACKLOG,
  help: 'Outbound messages waiting to be sent',
});

interface ClaimedRow {
  id: string;
  recipient: string;
  kind: OutboundKind;
  body: OutboundBody;
  attempts: number;
  trace_id: string | null;
}

type Outcome =
  | { kind: 'sent'; messageId: string }
  | { kind: 'retry'; error: string; delayMs: number }
  | { kind: 'dead'; error: string }
  | { kind: 'wait'; delayMs: number };

const BATCH = 50;
const CONCURRENCY = 4;
/** Longest a row can wait between row-level attempts: 150 × the 2 s base = 5 minutes. */
const MAX_ROW_BACKOFF_FACTOR = 150;

/**
 * Sends due outbox rows. Rows are claimed with `FOR UPDATE SKIP LOCKED` and a lease (their
 * next_attempt_at pushed past the longest possible send), then sent outside any transaction, so
 * replicas never send the same row concurrently and a replica that dies mid-send releases its rows
 * when the lease ends. Delivery to WhatsApp is therefore at least once; the lease makes a repeat
 * possible only after a crash.
 */
@Injectable()
export class OutboxDispatcher {
  private readonly logger = new Logger('OutboxDispatcher');
  private readonly runner: CoalescingRunner;

  constructor(
    private readonly orm: MikroORM,
    private readonly client: WhatsAppClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(OUTBOX_DEAD) private readonly dead: Counter<string>,
    @InjectMetric(OUTBOX_BACKLOG) private readonly backlog: Gauge<string>,
  ) {
    this.runner = new CoalescingRunner(() => this.pass(), config.workers.enabled);
  }

  /** Runs a dispatch pass soon; calls during a pass coalesce into one more pass. */
  nudge(): void {
    this.runner.nudge();
  }

  /** One complete pass (used by the interval job); resolves when the due rows have been handled. */
  dispatchDue(): Promise<void> {
    return this.runner.runNow();
  }

  stop(): Promise<void> {
    return this.runner.stop();
  }

  async refreshBacklog(): Promise<void> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ count: string }[]>(
        `select count(*)::text as count from outbound_messages where status = 'pending'`,
      );
    this.backlog.set(Number(row?.count ?? 0));
  }

  private async pass(): Promise<void> {
    try {
      while (!this.runner.stopped) {
        const claimed = await this.claim();
        if (claimed.length === 0) break;
        await this.sendAll(claimed);
        if (claimed.length < BATCH) break;
      }
    } catch (error) {
      this.logger.error({ err: { message: (error as Error).message } }, 'outbox_dispatch_failed');
    }
  }

  private async claim(): Promise<ClaimedRow[]> {
    return this.orm.em.fork().execute<ClaimedRow[]>(
      `update outbound_messages set next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now()
       where id in (
         select id from outbound_messages
         where status = 'pending' and next_attempt_at <= now()
         order by next_attempt_at, id
         limit ?
         for update skip locked)
       returning id, recipient, kind, body, attempts, trace_id`,
      [this.leaseMs(), BATCH],
    );
  }

  /** Longer than the slowest possible send: every attempt timing out plus the waits between them. */
  private leaseMs(): number {
    const { timeoutMs, retry } = this.config.whatsapp;
    return retry.attempts * (timeoutMs + 1_000) + (retry.attempts - 1) * retry.maxMs + 5_000;
  }

  /** One guest's messages go out in the order they were queued; different guests in parallel. */
  private async sendAll(rows: ClaimedRow[]): Promise<void> {
    const byRecipient = new Map<string, ClaimedRow[]>();
    for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
      const list = byRecipient.get(row.recipient) ?? [];
      list.push(row);
      byRecipient.set(row.recipient, list);
    }
    const queues = [...byRecipient.values()];
    const workers = Array.from({ length: Math.min(CONCURRENCY, queues.length) }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift()) await this.sendInOrder(queue);
    });
    await Promise.all(workers);
  }

  private async sendInOrder(rows: ClaimedRow[]): Promise<void> {
    for (const [index, row] of rows.entries()) {
      const outcome = await runWithTrace(row.trace_id ?? `outbox-${row.id}`, () => this.sendOne(row));
      await this.record(row, outcome);
      if (outcome.kind === 'retry' || outcome.kind === 'wait') {
        // The rest of this guest's queue waits behind the failed one instead of overtaking it.
        await this.postpone(rows.slice(index + 1), outcome.delayMs);
        return;
      }
    }
  }

  private async sendOne(row: ClaimedRow): Promise<Outcome> {
    try {
      const sent =
        row.kind === 'text' && 'text' in row.body
          ? await this.client.sendText(row.recipient, row.body.text)
          : 'link' in row.body
            ? await this.client.sendImage(row.recipient, row.body.link, row.body.caption)
            : undefined;
      if (!sent) return { kind: 'dead', error: `unusable ${row.kind} body` };
      return { kind: 'sent', messageId: sent.messageId };
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        // Not an attempt: nothing was sent. Check again in a while.
        return {
          kind: 'wait',
          delayMs: Math.min(this.config.outbox.dispatchIntervalMs * 5, this.config.whatsapp.breakerOpenMs),
        };
      }
      const message = (error as Error).message;
      if (error instanceof WhatsAppApiError && !error.retryable) return { kind: 'dead', error: message };
      if (row.attempts + 1 >= this.config.outbox.maxAttempts) return { kind: 'dead', error: message };
      const { baseMs } = this.config.whatsapp.retry;
      return {
        kind: 'retry',
        error: message,
        delayMs: backoffDelay(row.attempts + 1, baseMs, baseMs * MAX_ROW_BACKOFF_FACTOR),
      };
    }
  }

  private async record(row: ClaimedRow, outcome: Outcome): Promise<void> {
    const em = this.orm.em.fork();
    const log = { outbound_id: row.id, to: maskPhone(row.recipient), attempt: row.attempts + 1 };
    switch (outcome.kind) {
      case 'sent':
        await em.execute(
          `update outbound_messages set status = 'sent', provider_message_id = ?, sent_at = now(),
             attempts = attempts + 1, last_error = null, updated_at = now()
           where id = ?`,
          [outcome.messageId, row.id],
        );
        this.logger.log({ ...log, provider_message_id: outcome.messageId }, 'outbox_message_sent');
        return;
      case 'retry':
        await em.execute(
          `update outbound_messages set attempts = attempts + 1, last_error = ?,
             next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now()
           where id = ?`,
          [outcome.error, outcome.delayMs, row.id],
        );
        this.logger.warn(
          { ...log, delay_ms: outcome.delayMs, err: { message: outcome.error } },
          'outbox_message_rescheduled',
        );
        return;
      case 'dead':
        await em.execute(
          `update outbound_messages set status = 'dead', attempts = attempts + 1, last_error = ?, updated_at = now()
           where id = ?`,
          [outcome.error, row.id],
        );
        this.dead.inc();
        this.logger.error({ ...log, err: { message: outcome.error } }, 'outbox_message_dead');
        return;
      case 'wait':
        await this.postpone([row], outcome.delayMs);
        return;
    }
  }

  private async postpone(rows: ClaimedRow[], delayMs: number): Promise<void> {
    if (rows.length === 0) return;
    await this.orm.em.fork().execute(
      `update outbound_messages set next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now()
       where id in (${rows.map(() => '?').join(', ')}) and status = 'pending'`,
      [delayMs, ...rows.map((r) => r.id)],
    );
  }
}
