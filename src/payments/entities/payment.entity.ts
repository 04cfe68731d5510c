import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Reservation } from '../../reservations/entities/reservation.entity.js';

@Entity({ tableName: 'payments' })
export class Payment {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @ManyToOne(() => Reservation, { fieldName: 'reservation_id' })
  reservation!: Reservation;

  @Property({ type: 'text' })
  provider: string = 'mercadopago';

  @Property({ type: 'text', fieldName: 'preference_id', nullable: true, unique: true })
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

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
