import type { ExecutionContext } from '@nestjs/common';
import { jest } from '@jest/globals';
import type { IpThrottlerGuard } from '../../../src/common/rate-limit/ip-throttler.guard.js';
import { RateLimitGuard } from '../../../src/common/rate-limit/rate-limit.guard.js';

const contextFor = (config: Record<string, unknown>): ExecutionContext =>
  ({ getArgByIndex: () => ({ routeOptions: { config } }) }) as unknown as ExecutionContext;

describe('RateLimitGuard', () => {
  const canActivate = jest.fn(async () => false);
  const guard = new RateLimitGuard({ canActivate } as unknown as IpThrottlerGuard);

  beforeEach(() => canActivate.mockClear());

  it('lets quiet routes through at once, without touching the throttler', () => {
    expect(guard.canActivate(contextFor({ quiet: true, url: '/api/v1/livez' }))).toBe(true);
    expect(canActivate).not.toHaveBeenCalled();
  });

  it('hands every other route to the throttler and returns its verdict', async () => {
    const context = contextFor({ url: '/api/v1/reservations' });
    await expect(guard.canActivate(context)).resolves.toBe(false);
    expect(canActivate).toHaveBeenCalledWith(context);
  });
});
