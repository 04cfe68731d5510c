import { Injectable, Logger } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter } from 'prom-client';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { currentTraceId } from '../../common/trace/trace-context.js';
import { InboxProcessor } from '../inbox/inbox.processor.js';
import { InboxWriter } from '../inbox/inbox.writer.js';
import { inboxExternalId, type MercadoPagoNotice } from './mercadopago-payload.js';
import { PAYMENTS_WEBHOOKS } from './mercadopago-webhook.metrics.js';

export const MERCADOPAGO_PROVIDER = 'mercadopago';

export type NoticeOutcome = 'stored' | 'duplicate' | 'ignored';

/**
 * The request path of a signed MercadoPago notification: a payment notice is stored in the inbox
 * (idempotent, like WhatsApp's events) and processed later, off the request; other topics are only
 * acknowledged, so MercadoPago stops retrying them.
 */
@Injectable()
export class MercadoPagoWebhookService {
  private readonly logger = new Logger('MercadoPagoWebhook');

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly inbox: InboxWriter,
    private readonly processor: InboxProcessor,
    @InjectMetric(PAYMENTS_WEBHOOKS) private readonly webhooks: Counter<string>,
  ) {}

  async receive(notice: MercadoPagoNotice): Promise<NoticeOutcome> {
    if (notice.kind === 'other') {
      this.webhooks.inc({ outcome: 'ignored' });
      this.logger.log({ type: notice.type }, 'mercadopago_webhook_ignored');
      return 'ignored';
    }
    const externalId = inboxExternalId(notice.notification);
    if (!(await this.idempotency.claim(MERCADOPAGO_PROVIDER, externalId))) {
      return this.duplicate();
    }
    let inserted: boolean[];
    try {
      inserted = await this.inbox.insert([
        {
          provider: MERCADOPAGO_PROVIDER,
          externalId,
          kind: 'payment',
          sender: null,
          payload: notice.notification,
          status: 'pending',
          traceId: currentTraceId() ?? null,
        },
      ]);
    } catch (error) {
      // Not stored: forget the claim so MercadoPago's retry is not taken for a duplicate.
      await this.idempotency.release(MERCADOPAGO_PROVIDER, externalId);
      throw error;
    }
    if (!inserted[0]) return this.duplicate();
    this.webhooks.inc({ outcome: 'stored' });
    this.processor.nudge();
    return 'stored';
  }

  private duplicate(): NoticeOutcome {
    this.idempotency.recordDuplicate(MERCADOPAGO_PROVIDER);
    this.webhooks.inc({ outcome: 'duplicate' });
    return 'duplicate';
  }
}
