import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { WhatsAppSignatureGuard } from './whatsapp-signature.guard.js';
import { WhatsAppWebhookService } from './whatsapp-webhook.service.js';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Meta's callback URL. Not rate-limited: Meta delivers from a few addresses in bursts (more after an
 * outage), every POST must carry a valid signature, and a 429 would only make Meta retry.
 */
@ApiTags('webhooks')
@SkipThrottle()
@Controller('webhooks/whatsapp')
export class WhatsAppWebhookController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly webhooks: WhatsAppWebhookService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Verification handshake: echoes hub.challenge for the right verify token' })
  verify(
    @Query('hub.mode') mode: string | undefined,
    @Query('hub.verify_token') token: string | undefined,
    @Query('hub.challenge') challenge: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    const ok =
      mode === 'subscribe' &&
      typeof token === 'string' &&
      typeof challenge === 'string' &&
      sameSecret(token, this.config.whatsapp.verifyToken);
    if (ok) void reply.status(200).type('text/plain').send(challenge);
    else void reply.status(403).send({ error: 'forbidden', message: 'Verification failed' });
  }

  @Post()
  @HttpCode(200)
  @UseGuards(WhatsAppSignatureGuard)
  @ApiExcludeEndpoint()
  async receive(@Req() request: FastifyRequest & { rawBody?: Buffer }): Promise<{ status: 'ok' }> {
    await this.webhooks.receive(request.body, request.rawBody!);
    return { status: 'ok' };
  }
}
