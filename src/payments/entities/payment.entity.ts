import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Reservation } from '../../reservations/entities/reservation.entity.js';

@Entity({ tableName: 'payments' })
export class Payment {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  /** Null only for a payment whose external_reference matched no reservation (kept for the operator). */
  @ManyToOne(() => Reservation, { fieldName: 'reservation_id', nullable: true })
  reservation: Reservation | null = null;

  @Property({ type: 'text' })
  provider: string = 'mercadopago';

  /** Unique among deposit requests (payment_id null); payments of the same preference repeat it. */
  @Property({ type: 'text', fieldName: 'preference_id', nullable: true })
  preferenceId: string | null = null;

  @Property({ type: 'text', fieldName: 'checkout_url', nullable: true })
  checkoutUrl: string | null = null;

  @Property({ type: 'text', fieldName: 'payment_id', nullable: true, unique: true })
  paymentId: string | null = null;

  @Property({ type: 'text' })
  status: string = 'pending';

  @Property({ type: 'text', fieldName: 'status_detail', nullable: true })
  statusDetail: string | null = null;

  @Property({ type: 'decimal', precision: 14, scale: 2 })
  amount!: string;

  @Property({ type: 'character', length: 3 })
  currency: string = 'ARS';

  @Property({ type: 'json', nullable: true })
  raw: unknown = null;

  /** What the app made of a payment (confirmed, conflict_refund_needed, …); null on requests. */
  @Property({ type: 'text', nullable: true })
  outcome: string | null = null;

  /** Preference creation attempts of a request while MercadoPago was unreachable. */
  @Property({ type: 'integer' })
  attempts: number = 0;

  @Property({ type: 'datetime', fieldName: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null = null;

  @Property({ type: 'text', fieldName: 'last_error', nullable: true })
  lastError: string | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
