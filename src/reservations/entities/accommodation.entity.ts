import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

export interface AccommodationPhoto {
  url: string;
  caption?: string;
  order: number;
  is_primary?: boolean;
}

@Entity({ tableName: 'accommodations' })
export class Accommodation {
  @PrimaryKey({ type: 'uuid', defaultRaw: 'gen_random_uuid()' })
  id!: string;

  @Property({ type: 'text', unique: true })
  slug!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text' })
  description: string = '';

  @Property({ type: 'integer' })
  capacity!: number;

  /** Money stays a decimal string end to end; it is never parsed into a float. */
  @Property({ type: 'decimal', precision: 12, scale: 2, fieldName: 'nightly_price' })
  nightlyPrice!: string;

  /** Null means "the operator's default" (DEPOSIT_PERCENT). */
  @Property({ type: 'decimal', precision: 5, scale: 2, nullable: true, fieldName: 'deposit_percent' })
  depositPercent: string | null = null;

  @Property({ type: 'character', length: 3 })
  currency: string = 'ARS';

  @Property({ type: 'json' })
  photos: AccommodationPhoto[] = [];

  @Property({ type: 'json' })
  aliases: string[] = [];

  @Property({ type: 'text' })
  timezone: string = 'America/Argentina/Buenos_Aires';

  @Property({ type: 'boolean' })
  active: boolean = true;

  @Property({ type: 'text', fieldName: 'ical_export_token', hidden: true })
  icalExportToken!: string;

  @Property({ type: 'datetime', fieldName: 'created_at', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', fieldName: 'updated_at', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
