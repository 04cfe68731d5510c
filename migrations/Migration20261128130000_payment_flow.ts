import { Migration } from '@mikro-orm/migrations';

/**
 * The MercadoPago deposit flow. `payments` holds two kinds of rows:
 * - the deposit request of a reservation (payment_id null): its preference and checkout link, and
 *   while MercadoPago could not be reached, when to try creating the preference again;
 * - one row per MercadoPago payment (payment_id set, unique): its last known status, amount and
 *   raw body, and what this app made of it (`outcome`).
 * A preference can be paid more than once (a rejection, then an approval), so the preference id is
 * unique only among requests; a payment whose external_reference matches no reservation is still
 * recorded, hence the nullable reservation.
 */
export class Migration20261128130000_payment_flow extends Migration {
  override up(): void {
    this.addSql(`alter table payments alter column reservation_id drop not null;`);
    this.addSql(`alter table payments drop constraint payments_preference_id_key;`);
    this.addSql(`
      alter table payments
        add column outcome text check (outcome in (
          'confirmed', 'not_approved', 'amount_mismatch', 'unknown_reservation',
          'conflict_refund_needed', 'duplicate_refund_needed', 'already_confirmed', 'live_mode_mismatch')),
        add column attempts integer not null default 0,
        add column next_attempt_at timestamptz,
        add column last_error text;`);
    this.addSql(
      `create unique index payments_request_per_reservation on payments (reservation_id) where payment_id is null;`,
    );
    this.addSql(
      `create unique index payments_request_preference on payments (preference_id) where payment_id is null;`,
    );
    this.addSql(
      `create index payments_link_due_idx on payments (next_attempt_at)
         where payment_id is null and preference_id is null and status = 'pending';`,
    );
  }

  override down(): void {
    this.addSql(`drop index payments_link_due_idx;`);
    this.addSql(`drop index payments_request_preference;`);
    this.addSql(`drop index payments_request_per_reservation;`);
    this.addSql(
      `alter table payments drop column last_error, drop column next_attempt_at, drop column attempts, drop column outcome;`,
    );
    this.addSql(`alter table payments add constraint payments_preference_id_key unique (preference_id);`);
    this.addSql(`alter table payments alter column reservation_id set not null;`);
  }
}
