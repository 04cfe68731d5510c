import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { OutboxWriter } from '../messaging/outbox/outbox.writer.js';
import { holdExpiredDedupeKey, holdExpiredText } from '../messaging/templates/hold-expired.js';
import type { ReservationRecord } from './domain/reservation-record.js';

/**
 * Tells guests that their unpaid holds lapsed, through the outbox and on the transaction that
 * expired them: the notice exists exactly when the expiry commits, and its dedupe key keeps it to
 * one per hold whichever replica or code path expired it.
 */
@Injectable()
export class HoldExpiryNotices {
  constructor(private readonly outbox: OutboxWriter) {}

  /** Queues a notice for each hold a guest made over WhatsApp; returns how many were queued. */
  async queue(em: EntityManager, expired: readonly ReservationRecord[]): Promise<number> {
    let queued = 0;
    for (const hold of expired.filter(isGuestsOwn)) {
      const inserted = await this.outbox.enqueue(em, {
        to: hold.guestPhone,
        kind: 'text',
        text: holdExpiredText({
          code: hold.code,
          placeName: hold.accommodation.name,
          checkIn: hold.checkIn,
          checkOut: hold.checkOut,
        }),
        dedupeKey: holdExpiredDedupeKey(hold.code),
      });
      if (inserted) queued++;
    }
    return queued;
  }

  /** After commit: send the notices now rather than at the dispatcher's next interval. */
  committed(): void {
    this.outbox.committed();
  }
}

/**
 * Only holds the guest asked for in the chat. A hold the operator made by hand (source `admin`) is
 * the operator's to follow up: its guest may never have written to us, and WhatsApp refuses free
 * text to anyone who has not written in the last 24 hours.
 */
function isGuestsOwn(hold: ReservationRecord): boolean {
  return hold.source === 'whatsapp' && hold.guestPhone.trim() !== '';
}
