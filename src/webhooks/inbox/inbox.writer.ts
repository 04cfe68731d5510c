import { MikroORM, type PostgreSqlConnection } from '@mikro-orm/postgresql';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseConnection } from '../../database/database-connection.js';
import type { InboundEventStatus } from '../entities/inbound-event.entity.js';

export interface InboxRow {
  provider: string;
  externalId: string;
  kind: string;
  sender: string | null;
  payload: unknown;
  status: Extract<InboundEventStatus, 'pending' | 'unrecognized'>;
  traceId: string | null;
}

interface Job {
  rows: InboxRow[];
  resolve(inserted: boolean[]): void;
  reject(error: unknown): void;
}

/** Long enough to gather the requests of a burst, short next to the 50 ms latency budget. */
const GATHER_MS = 2;
const MAX_ROWS = 500;
const COLUMNS = 7;

/**
 * Stores inbox rows durably, many requests per statement. A single-row insert per webhook caps the
 * endpoint at the database's commit rate; gathering the rows of concurrent requests for a couple of
 * milliseconds into one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` (one commit) lifts
 * that cap. Each caller's promise resolves only after the statement that holds its rows committed,
 * so nothing is acknowledged before it is stored. `inserted[i]` false means the row already existed
 * (the durable half of idempotency).
 */
@Injectable()
export class InboxWriter implements OnApplicationShutdown {
  private queue: Job[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly orm: MikroORM,
    connection: DatabaseConnection,
  ) {
    // Leave connections for the processor, the dispatcher and the rest of the app.
    this.maxInFlight = Math.max(1, Math.floor(connection.poolMax / 2));
  }

  insert(rows: InboxRow[]): Promise<boolean[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ rows, resolve, reject });
      this.queuedRows += rows.length;
      if (this.queuedRows >= MAX_ROWS) this.flushNow();
      else this.timer ??= setTimeout(() => this.flushNow(), GATHER_MS);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.flushNow();
    while (this.inFlight > 0 || this.queue.length > 0) {
      await new Promise<void>((resolve) => this.idle.add(resolve));
    }
  }

  private flushNow(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // At the limit the queue keeps growing, which only makes the next batch bigger.
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) {
      const batch: Job[] = [];
      let size = 0;
      while (this.queue.length > 0 && size < MAX_ROWS) {
        const job = this.queue.shift()!;
        batch.push(job);
        size += job.rows.length;
      }
      this.queuedRows -= size;
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        if (this.queue.length > 0) this.flushNow();
        else if (this.inFlight === 0) {
          for (const notify of this.idle) notify();
          this.idle.clear();
        }
      });
    }
  }

  private async write(batch: Job[]): Promise<void> {
    const key = (row: InboxRow) => `${row.provider}\u0000${row.externalId}`;
    const unique = new Map<string, InboxRow>();
    for (const job of batch) for (const row of job.rows) if (!unique.has(key(row))) unique.set(key(row), row);
    const rows = [...unique.values()];
    const params: unknown[] = [];
    for (const row of rows) {
      params.push(
        row.provider,
        row.externalId,
        row.kind,
        row.sender,
        JSON.stringify(row.payload),
        row.traceId,
        row.status,
      );
    }
    const values = rows.map((_, i) => {
      const n = i * COLUMNS;
      return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6}, $${n + 7})`;
    });
    try {
      // Straight to the driver's pool (shared with the ORM): at this rate the ORM's per-query
      // work costs more than the insert itself.
      const pool = await (this.orm.em.getConnection() as PostgreSqlConnection).getNativeClient();
      const { rows: inserted } = await pool.query<{ provider: string; external_id: string }>(
        `insert into inbound_events (provider, external_id, kind, sender, payload, trace_id, status)
         values ${values.join(', ')}
         on conflict (provider, external_id) do nothing
         returning provider, external_id`,
        params,
      );
      const stored = new Set(inserted.map((r) => `${r.provider}\u0000${r.external_id}`));
      // The first occurrence of a key in the batch owns the insert; later ones are duplicates.
      for (const job of batch) {
        job.resolve(
          job.rows.map((row) => {
            const k = key(row);
            if (!stored.has(k)) return false;
            stored.delete(k);
            return true;
          }),
        );
      }
    } catch (error) {
      for (const job of batch) job.reject(error);
    }
  }
}
