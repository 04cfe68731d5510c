import { HttpException, HttpStatus, Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';

/** 429 with the documented body; the client is the socket peer unless TRUST_PROXY makes Fastify read X-Forwarded-For. */
@Injectable()
export class IpThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return (request as unknown as FastifyRequest).ip;
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, Math.ceil(detail.timeToBlockExpire ?? detail.timeToExpire));
    const error = new HttpException(
      { error: 'Too many requests', message: `Too many requests, try again in ${retryAfter} s` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
    Object.assign(error, { retryAfterSeconds: retryAfter });
    throw error;
  }
}
