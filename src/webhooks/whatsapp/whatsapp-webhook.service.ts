import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import { currentTraceId } from '../../common/trace/trace-context.js';
import { InboxProcessor } from '../inbox/inbox.processor.js';
import { InboxWriter, type InboxRow } from '../inbox/inbox.writer.js';
import { extractWhatsAppEvents } from './whatsapp-payload.js';

const PROVIDER = 'whatsapp';

export interface WebhookReceipt {
  stored: number;
  duplicates: number;
  unrecognized: boolean;
}

/**
 * The request path of a signed webhook: cut it into inbox rows, drop what the fast idempotency check
 * already knows, store the rest durably, and return. Processing happens later, off the request.
 */
@Injectable()
export class WhatsAppWebhookService {
  private readonly logger = new Logger('WhatsAppWebhook');

  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly inbox: InboxWriter,
    private readonly processor: InboxProcessor,
  ) {}

  async receive(body: unknown, raw: Buffer): Promise<WebhookReceipt> {
    const traceId = currentTraceId() ?? null;
    const { items, unrecognized } = extractWhatsAppEvents(body);
    const claims = await Promise.all(items.map((item) => this.idempotency.claim(PROVIDER, item.externalId)));
    const fresh = items.filter((_, i) => claims[i]);
    const rows: InboxRow[] = fresh.map((item) => ({
      provider: PROVIDER,
      externalId: item.externalId,
      kind: item.kind,
      sender: item.sender,
      payload: item.payload,
      status: 'pending',
      traceId,
    }));
    if (unrecognized.length > 0) {
      // Kept whole for inspection; the hash makes Meta's redeliveries of the same body one row.
      rows.push({
        provider: PROVIDER,
        externalId: createHash('sha256').update(raw).digest('hex'),
        kind: 'unrecognized',
        sender: null,
        payload: body ?? null,
        status: 'unrecognized',
        traceId,
      });
      this.logger.warn({ parts: [...new Set(unrecognized)] }, 'whatsapp_webhook_unrecognized');
    }
    let inserted: boolean[];
    try {
      inserted = await this.inbox.insert(rows);
    } catch (error) {
      // Not stored: forget the claims so Meta's retry is not taken for a duplicate.
      await Promise.all(fresh.map((item) => this.idempotency.release(PROVIDER, item.externalId)));
      throw error;
    }
    const stored = inserted.slice(0, fresh.length).filter(Boolean).length;
    const duplicates = items.length - stored;
    this.idempotency.recordDuplicate(PROVIDER, duplicates);
    if (stored > 0) this.processor.nudge();
    return { stored, duplicates, unrecognized: unrecognized.length > 0 };
  }
}
