import type { ExecutionContext } from '@nestjs/common';
import { AdminTokenGuard, UnauthorizedError } from '../../../src/common/auth/admin-token.guard.js';
import type { AppConfig } from '../../../src/config/app-config.js';

const guard = new AdminTokenGuard({ admin: { token: 'the-right-admin-token-123' } } as AppConfig);
const withHeader = (authorization?: string) =>
  ({
    switchToHttp: () => ({ getRequest: () => ({ headers: { authorization } }) }),
  }) as unknown as ExecutionContext;

describe('AdminTokenGuard', () => {
  it('lets the right bearer token through (scheme case-insensitive)', () => {
    expect(guard.canActivate(withHeader('Bearer the-right-admin-token-123'))).toBe(true);
    expect(guard.canActivate(withHeader('bearer the-right-admin-token-123'))).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', 'Bearer the-wrong-admin-token-123'],
    ['a prefix of the token', 'Bearer the-right'],
    ['the token with extra characters', 'Bearer the-right-admin-token-1234'],
    ['another scheme', 'Basic the-right-admin-token-123'],
    ['the bare token', 'the-right-admin-token-123'],
  ])('refuses %s with unauthorized', (_label, header) => {
    expect(() => guard.canActivate(withHeader(header))).toThrow(UnauthorizedError);
  });
});
