import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { AppError } from '../../common/errors/app-error.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { validMercadoPagoSignature } from './mercadopago-signature.js';
import { PAYMENTS_WEBHOOKS } from './mercadopago-webhook.metrics.js';

export class InvalidMercadoPagoSignatureError extends AppError<'invalid_signature'> {
  readonly httpStatus = 401;
  constructor() {
    super('invalid_signature', 'Missing or invalid x-signature');
  }
}

@Injectable()
export class MercadoPagoSignatureGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectMetric(PAYMENTS_WEBHOOKS) private readonly webhooks: Counter<string>,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const query = (request.query ?? {}) as Record<string, unknown>;
    const valid = validMercadoPagoSignature({
      xSignature: request.headers['x-signature'],
      xRequestId: request.headers['x-request-id'],
      dataId: query['data.id'],
      secret: this.config.mercadopago.webhookSecret,
    });
    if (!valid) {
      this.webhooks.inc({ outcome: 'invalid_signature' });
      throw new InvalidMercadoPagoSignatureError();
    }
    return true;
  }
}
