import { Module } from '@nestjs/common';
import { CircuitBreakerFactory, circuitBreakerStateProvider } from './circuit-breaker.factory.js';

@Module({
  providers: [circuitBreakerStateProvider, CircuitBreakerFactory],
  exports: [CircuitBreakerFactory],
})
export class ResilienceModule {}
