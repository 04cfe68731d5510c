import { Injectable } from '@nestjs/common';

export type LifecyclePhase = 'starting' | 'ready' | 'draining';

/** Readiness as Kubernetes sees it: only "ready" receives traffic. */
@Injectable()
export class Lifecycle {
  private current: LifecyclePhase = 'starting';
  private readonly drainListeners: (() => Promise<void> | void)[] = [];

  get phase(): LifecyclePhase {
    return this.current;
  }

  markReady(): void {
    if (this.current === 'starting') this.current = 'ready';
  }

  /** Work that must stop before the pools close (schedulers, pollers) registers here. */
  onDrain(listener: () => Promise<void> | void): void {
    this.drainListeners.push(listener);
  }

  async drain(): Promise<void> {
    if (this.current === 'draining') return;
    this.current = 'draining';
    await Promise.allSettled(this.drainListeners.map((listener) => listener()));
  }
}
