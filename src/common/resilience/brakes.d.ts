// brakes ships no types; this declares only the part CircuitBreaker uses. Nothing else may import it.
declare module 'brakes' {
  import { EventEmitter } from 'node:events';

  interface BrakesOptions {
    name?: string;
    bucketSpan?: number;
    bucketNum?: number;
    circuitDuration?: number;
    waitThreshold?: number;
    threshold?: number;
    timeout?: number;
    healthCheckInterval?: number;
    healthCheck?: () => PromiseLike<unknown>;
    isFailure?: (error: unknown) => boolean;
    isPromise?: boolean;
    modifyError?: boolean;
    registerGlobal?: boolean;
    statInterval?: number;
  }

  class Brakes extends EventEmitter {
    constructor(main: (...args: never[]) => PromiseLike<unknown>, options?: BrakesOptions);
    /** Bluebird promise: callers must wrap it in a native one. */
    exec(...args: unknown[]): PromiseLike<unknown>;
    isOpen(): boolean;
    destroy(): void;
    /** Internal, but destroy() leaves this health-check timer running, so CircuitBreaker clears it. */
    _healthInterval?: NodeJS.Timeout;
    on(event: 'circuitOpen' | 'circuitClosed', listener: () => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }

  export = Brakes;
}
