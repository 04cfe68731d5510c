import { RouteConfig } from '@nestjs/platform-fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @Quiet(); read by HttpObservability and RateLimitGuard. */
    quiet?: boolean;
  }
}

/**
 * Probes and scrapes: called every few seconds by machines that watch them already, so they are
 * not access-logged, not counted in the latency histogram, not rate-limited and run without a trace
 * context (noise, and most of a probe's cost).
 */
export const Quiet = () => RouteConfig({ quiet: true });
