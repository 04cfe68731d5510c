import { RouteConfig } from '@nestjs/platform-fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @Quiet(); read by HttpObservability. */
    quiet?: boolean;
  }
}

/**
 * Probes and scrapes: called every few seconds by machines that watch them already, so they are
 * neither access-logged nor counted in the latency histogram (noise, and most of a probe's cost).
 */
export const Quiet = () => RouteConfig({ quiet: true });
