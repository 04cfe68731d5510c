import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { AppError } from '../errors/app-error.js';

export class UnauthorizedError extends AppError<'unauthorized'> {
  readonly httpStatus = 401;
  constructor() {
    super('unauthorized', 'Missing or invalid admin bearer token');
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * `Authorization: Bearer <ADMIN_API_TOKEN>`. Both sides are hashed first so the comparison is
 * constant-time whatever the length of the guess.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.expected = digest(config.admin.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) throw new UnauthorizedError();
    return true;
  }
}
