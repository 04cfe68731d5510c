import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectMetric, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitState } from './circuit-breaker.js';

export const CIRCUIT_BREAKER_STATE = 'circuit_breaker_state';

export const circuitBreakerStateProvider = makeGaugeProvider({
  name: CIRCUIT_BREAKER_STATE,
  help: 'Circuit breaker state per external service: 0 closed, 1 open, 2 half-open (probing)',
  labelNames: ['service'],
});

const STATE_VALUE: Record<CircuitState, number> = { closed: 0, open: 1, half_open: 2 };

/** Builds breakers that export their state and log every transition. */
@Injectable()
export class CircuitBreakerFactory implements OnApplicationShutdown {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly breakers: CircuitBreaker[] = [];

  constructor(@InjectMetric(CIRCUIT_BREAKER_STATE) private readonly gauge: Gauge<string>) {}

  create(options: Omit<CircuitBreakerOptions, 'onStateChange'>): CircuitBreaker {
    const { service } = options;
    this.gauge.set({ service }, STATE_VALUE.closed);
    const breaker = new CircuitBreaker({
      ...options,
      onStateChange: (state, previous) => {
        this.gauge.set({ service }, STATE_VALUE[state]);
        const line = { service, state, previous_state: previous };
        if (state === 'open') this.logger.warn(line, 'circuit_breaker_state_changed');
        else this.logger.log(line, 'circuit_breaker_state_changed');
      },
    });
    this.breakers.push(breaker);
    return breaker;
  }

  onApplicationShutdown(): void {
    for (const breaker of this.breakers) breaker.destroy();
  }
}
