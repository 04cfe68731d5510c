import { KeyValueStore } from './key-value-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

const SWEEP_EVERY = 1_000;

export class MemoryStore extends KeyValueStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, Entry>();
  private writes = 0;

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    const existing = this.live(key);
    if (existing) return false;
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
    return true;
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.entries.clear();
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Bounded memory: expired keys are dropped in passing rather than by a timer. */
  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
