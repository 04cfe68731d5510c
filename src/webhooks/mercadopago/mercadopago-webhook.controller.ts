import { BadRequestException, Controller, HttpCode, Post, Query, Req, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { parseMercadoPagoNotice } from './mercadopago-payload.js';
import { MercadoPagoSignatureGuard } from './mercadopago-signature.guard.js';
import { PAYMENTS_WEBHOOKS } from './mercadopago-webhook.metrics.js';
import { MercadoPagoWebhookService, type NoticeOutcome } from './mercadopago-webhook.service.js';

/**
 * MercadoPago's notification URL. Answers as soon as the notice is stored (MercadoPago waits 22 s
 * and retries for days otherwise). Not rate-limited, like Meta's: every POST must be signed, and a
 * 429 would only bring the notification back later.
 */
@ApiExcludeController()
@SkipThrottle()
@Controller('webhooks/mercadopago')
export class MercadoPagoWebhookController {
  constructor(
    private readonly webhooks: MercadoPagoWebhookService,
    @InjectMetric(PAYMENTS_WEBHOOKS) private readonly outcomes: Counter<string>,
  ) {}

  @Post()
  @HttpCode(200)
  @UseGuards(MercadoPagoSignatureGuard)
  async receive(
    @Req() request: FastifyRequest,
    @Query('data.id') dataId: string | undefined,
  ): Promise<{ status: NoticeOutcome }> {
    const parsed = parseMercadoPagoNotice(request.body, dataId);
    if (!parsed.ok) {
      this.outcomes.inc({ outcome: 'bad_request' });
      throw new BadRequestException({ error: 'invalid_payload', message: parsed.reason });
    }
    return { status: await this.webhooks.receive(parsed.notice) };
  }
}
