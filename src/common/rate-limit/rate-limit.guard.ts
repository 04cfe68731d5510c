import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import '../http/quiet.decorator.js';
import { IpThrottlerGuard } from './ip-throttler.guard.js';

/**
 * The global guard: every route is rate limited but quiet ones (probes, scrapes). Those are let
 * through synchronously, before the throttler's chain of promises and metadata lookups, since a
 * probe should cost as little as the framework allows.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(private readonly throttler: IpThrottlerGuard) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.getArgByIndex<FastifyRequest>(0);
    if (request.routeOptions.config?.quiet === true) return true;
    return this.throttler.canActivate(context);
  }
}
