import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Accommodation } from './accommodation.entity.js';
import type { ReservationStatus } from '../domain/reservation-status.js';

@Entity({ tableName: 'reservations' })
export class Reservation {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', unique: true })
  code!: string;

  @ManyToOne(() => Accommodation, { fieldName: 'accommodation_id' })
  accommodation!: Accommodation;

  @Property({ type: 'text', fieldName: 'guest_phone' })
  guestPhone!: string;

  @Property({ type: 'text', fieldName: 'guest_name', nullable: true })
  guestName: string | null = null;

  /** Dates of stay as `YYYY-MM-DD`, in the accommodation's timezone; check-out is exclusive. */
  @Property({ type: 'date', fieldName: 'check_in' })
  checkIn!: string;

  @Property({ type: 'date', fieldName: 'check_out' })
  checkOut!: string;

  @Property({ type: 'integer', fieldName: 'guests_count' })
  guestsCount!: number;

  @Property({ type: 'decimal', precision: 14, scale: 2, fieldName: 'total_price' })
  totalPrice!: string;

  @Property({ type: 'decimal', precision: 14, scale: 2, fieldName: 'deposit_amount' })
  depositAmount!: string;

  @Property({ type: 'character', length: 3 })
  currency: string = 'ARS';

  @Property({ type: 'text' })
  status!: ReservationStatus;

  @Property({ type: 'text' })
  source: 'whatsapp' | 'admin' = 'whatsapp';

  @Property({ type: 'datetime', fieldName: 'expires_at', nullable: true })
  expiresAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'confirmed_at', nullable: true })
  confirmedAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'cancelled_at', nullable: true })
  cancelledAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'expired_at', nullable: true })
  expiredAt: Date | null = null;

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
