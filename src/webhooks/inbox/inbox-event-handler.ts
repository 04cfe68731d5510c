import type { EntityManager } from '@mikro-orm/postgresql';

/** A claimed inbox row as the handlers see it. */
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
