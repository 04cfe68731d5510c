import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';

export class InvalidSignatureError extends AppError<'invalid_signature'> {
  readonly httpStatus = 401;
  constructor() {
    super('invalid_signature', 'Missing or invalid X-Hub-Signature-256');
  }
}

/** HMAC-SHA256 of the raw body with the app secret, compared in constant time (integrations.md §1.3). */
export function validMetaSignature(raw: Buffer, header: unknown, appSecret: string): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(createHmac('sha256', appSecret).update(raw).digest('hex'), 'utf8');
  const got = Buffer.from(header.slice(7).trim().toLowerCase(), 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

@Injectable()
export class WhatsAppSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest & { rawBody?: Buffer }>();
    const raw = request.rawBody;
    if (
      !raw ||
      !validMetaSignature(raw, request.headers['x-hub-signature-256'], this.config.whatsapp.appSecret)
    ) {
      throw new InvalidSignatureError();
    }
    return true;
  }
}
