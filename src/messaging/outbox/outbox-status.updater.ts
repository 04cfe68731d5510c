import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';

export type DeliveryState = 'sent' | 'delivered' | 'read' | 'failed' | 'played';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryState;
  errors: unknown[];
}

/**
 * Order in which delivery states may replace each other; status webhooks arrive out of order and an
 * older state must never overwrite a newer one. `failed` ranks below `delivered` because Meta can
 * report `delivered` after `failed` for guests with several devices, and then the message did arrive.
 */
const RANK = `array['sent','failed','delivered','read','played']`;

export type DeliveryUpdate = 'updated' | 'stale' | 'unknown_message';

/** Applies status webhooks to outbox rows, by the wamid the send returned. */
@Injectable()
export class OutboxStatusUpdater {
  async apply(em: EntityManager, report: DeliveryReport): Promise<DeliveryUpdate> {
    const errors =
      report.status === 'failed' && report.errors.length > 0 ? JSON.stringify(report.errors) : null;
    const updated = await em.execute<{ id: string }[]>(
      `update outbound_messages
         set delivery_status = ?, delivery_error = coalesce(?::jsonb, delivery_error), updated_at = now()
       where provider_message_id = ?
         and coalesce(array_position(${RANK}, delivery_status), 0) < array_position(${RANK}, ?::text)
       returning id`,
      [report.status, errors, report.providerMessageId, report.status],
    );
    if (updated.length > 0) return 'updated';
    const existing = await em.execute<{ id: string }[]>(
      'select id from outbound_messages where provider_message_id = ?',
      [report.providerMessageId],
    );
    return existing.length > 0 ? 'stale' : 'unknown_message';
  }
}
