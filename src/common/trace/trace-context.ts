import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export interface TraceContext {
  readonly traceId: string;
}

const storage = new AsyncLocalStorage<TraceContext>();
const SAFE_TRACE_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** A caller's id is reused only when it cannot smuggle anything into logs or headers. */
export function acceptTraceId(candidate: unknown): string {
  return typeof candidate === 'string' && SAFE_TRACE_ID.test(candidate) ? candidate : randomUUID();
}

export function currentTraceId(): string | undefined {
  return storage.getStore()?.traceId;
}

export function runWithTrace<T>(traceId: string, fn: () => T): T {
  return storage.run({ traceId }, fn);
}
