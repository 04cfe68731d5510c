import Brakes from 'brakes';

export type CircuitState = 'closed' | 'open' | 'half_open';

/** Thrown instead of calling the service while the circuit is open: nothing left the process. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
  constructor(readonly service: string) {
    super(`circuit for ${service} is open`);
  }
}

export interface CircuitBreakerOptions {
  service: string;
  /** Opens when this many calls happened in the window and fewer than half succeeded. */
  failureThreshold: number;
  windowMs: number;
  /** How long it fails fast before letting one probe call through. */
  openMs: number;
  /** Safety net above the caller's own timeout. */
  callTimeoutMs: number;
  /** Errors that say nothing about the service's health (a 4xx for a bad request) return false. */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // brakes attaches its own handlers; this only keeps an unobserved rejection from crashing the process.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * The one place that knows brakes. brakes keeps the rolling window and the open timer; its health
 * check, run every `openMs` while open, is turned into "let the next real call through as a probe":
 * the probe's success closes the circuit, its failure keeps it open for another period.
 * Everything returned is a native promise.
 */
export class CircuitBreaker {
  private readonly brake: Brakes;
  private current: CircuitState = 'closed';
  private probe: Deferred | undefined;
  private probeInFlight = false;
  private destroyed = false;
  private readonly isFailure: (error: unknown) => boolean;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.isFailure = options.isFailure ?? (() => true);
    const bucketSpan = 1000;
    this.brake = new Brakes((fn: () => Promise<unknown>) => fn(), {
      name: options.service,
      bucketSpan,
      bucketNum: Math.max(1, Math.ceil(options.windowMs / bucketSpan)),
      waitThreshold: options.failureThreshold - 1,
      threshold: 0.5,
      timeout: options.callTimeoutMs,
      circuitDuration: options.openMs,
      healthCheckInterval: options.openMs,
      healthCheck: () => this.awaitProbe(),
      isFailure: (error) => this.isFailure(error),
      isPromise: true,
      modifyError: false,
      registerGlobal: false,
      statInterval: 60_000,
    });
    this.brake.on('circuitOpen', () => this.transition('open'));
    this.brake.on('circuitClosed', () => this.transition('closed'));
  }

  get state(): CircuitState {
    return this.current;
  }

  get service(): string {
    return this.options.service;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.brake.isOpen()) {
      if (this.probe && !this.probeInFlight) return this.runProbe(fn);
      throw new CircuitOpenError(this.options.service);
    }
    try {
      return (await Promise.resolve(this.brake.exec(fn))) as T;
    } catch (error) {
      if ((error as Error | undefined)?.constructor?.name === 'CircuitBrokenError') {
        throw new CircuitOpenError(this.options.service);
      }
      throw error;
    }
  }

  destroy(): void {
    this.destroyed = true;
    clearInterval(this.brake._healthInterval);
    this.brake.destroy();
  }

  private awaitProbe(): Promise<void> {
    if (this.destroyed) return Promise.reject(new Error('circuit breaker destroyed'));
    if (!this.probe) {
      this.probe = deferred();
      this.transition('half_open');
    }
    return this.probe.promise;
  }

  private async runProbe<T>(fn: () => Promise<T>): Promise<T> {
    const probe = this.probe!;
    this.probeInFlight = true;
    try {
      const result = await fn();
      this.settleProbe(probe, undefined);
      return result;
    } catch (error) {
      this.settleProbe(probe, this.isFailure(error) ? error : undefined);
      throw error;
    } finally {
      this.probeInFlight = false;
    }
  }

  private settleProbe(probe: Deferred, failure: unknown): void {
    this.probe = undefined;
    if (failure === undefined) {
      probe.resolve();
    } else {
      this.transition('open');
      probe.reject(failure);
    }
  }

  private transition(next: CircuitState): void {
    if (next === this.current) return;
    const previous = this.current;
    this.current = next;
    this.options.onStateChange?.(next, previous);
  }
}
