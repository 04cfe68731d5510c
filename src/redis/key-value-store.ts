/**
 * The small slice of Redis the app needs. The in-memory implementation has the same behaviour for
 * the embedded default; only the Redis one is shared between replicas.
 */
export abstract class KeyValueStore {
  abstract readonly kind: 'redis' | 'memory';

  /** `SET key value NX EX ttl`: true when this call created the key. */
  abstract setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;

  abstract get(key: string): Promise<string | null>;

  abstract delete(key: string): Promise<void>;

  /** Resolves when the store answers; rejects otherwise. */
  abstract ping(): Promise<void>;

  abstract close(): Promise<void>;
}
