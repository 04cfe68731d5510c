import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ReservationRecord } from '../domain/reservation-record.js';
import { RESERVATION_STATUSES, type ReservationStatus } from '../domain/reservation-status.js';
import { SLUG_PATTERN } from './accommodation.dto.js';

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = (field: string) => ({ message: `${field} must be a date as YYYY-MM-DD` });

export class CreateReservationDto {
  @ApiProperty({ example: 'cabana-del-lago', description: 'Accommodation slug' })
  @Matches(SLUG_PATTERN, { message: 'accommodation must be an accommodation slug' })
  accommodation!: string;

  @ApiProperty({ example: '2027-01-15', format: 'date' })
  @Matches(DATE_PATTERN, DATE_MESSAGE('check_in'))
  check_in!: string;

  @ApiProperty({ example: '2027-01-20', format: 'date', description: 'Exclusive: the departure day' })
  @Matches(DATE_PATTERN, DATE_MESSAGE('check_out'))
  check_out!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(100)
  guests_count!: number;

  @ApiProperty({
    example: '5491155550001',
    description: 'International format; "+", spaces, dashes, dots and parentheses are dropped',
  })
  // Operators paste numbers as they see them: "+54 9 11 5555-0001" is the same number.
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.replace(/^\s*\+|[\s().-]/g, '') : value,
  )
  @Matches(/^\d{8,15}$/, { message: 'guest_phone must be 8 to 15 digits, international format' })
  guest_phone!: string;

  @ApiPropertyOptional({ example: 'Lucía Fernández' })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  guest_name?: string;
}

export class UpdateReservationDto {
  @ApiProperty({ example: 3, minimum: 1, description: 'New party size; the per-night price does not change' })
  @IsInt()
  @Min(1)
  @Max(100)
  guests_count!: number;
}

export class ListReservationsQuery {
  @ApiPropertyOptional({ enum: RESERVATION_STATUSES })
  @IsOptional()
  @IsIn(RESERVATION_STATUSES)
  status?: ReservationStatus;

  @ApiPropertyOptional({ description: 'Accommodation slug' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'accommodation must be an accommodation slug' })
  accommodation?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Stays with a night on or after this date' })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE('from'))
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Stays with a night before this date' })
  @IsOptional()
  @Matches(DATE_PATTERN, DATE_MESSAGE('to'))
  to?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  page_size: number = 20;
}

export class ReservationResponse {
  @ApiProperty({ example: 'RES-7K3M9Q' }) code!: string;
  @ApiProperty({ enum: RESERVATION_STATUSES }) status!: ReservationStatus;
  @ApiProperty({ example: 'cabana-del-lago' }) accommodation!: string;
  @ApiProperty({ example: 'Cabaña del Lago' }) accommodation_name!: string;
  @ApiProperty({ format: 'date' }) check_in!: string;
  @ApiProperty({ format: 'date' }) check_out!: string;
  @ApiProperty() nights!: number;
  @ApiProperty() guests_count!: number;
  @ApiProperty() guest_phone!: string;
  @ApiProperty({ nullable: true, type: String }) guest_name!: string | null;
  @ApiProperty({ example: '425000.00' }) total_price!: string;
  @ApiProperty({ example: '127500.00' }) deposit_amount!: string;
  @ApiProperty({ example: 'ARS' }) currency!: string;
  @ApiProperty({ enum: ['whatsapp', 'admin'] }) source!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expires_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) confirmed_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelled_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) expired_at!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;

  static from(r: ReservationRecord): ReservationResponse {
    const iso = (d: Date | null) => (d ? d.toISOString() : null);
    return {
      code: r.code,
      status: r.status,
      accommodation: r.accommodation.slug,
      accommodation_name: r.accommodation.name,
      check_in: r.checkIn,
      check_out: r.checkOut,
      nights: r.nights,
      guests_count: r.guestsCount,
      guest_phone: r.guestPhone,
      guest_name: r.guestName,
      total_price: r.totalPrice,
      deposit_amount: r.depositAmount,
      currency: r.currency,
      source: r.source,
      expires_at: iso(r.expiresAt),
      confirmed_at: iso(r.confirmedAt),
      cancelled_at: iso(r.cancelledAt),
      expired_at: iso(r.expiredAt),
      created_at: r.createdAt.toISOString(),
    };
  }
}

export class ReservationPage {
  @ApiProperty({ type: [ReservationResponse] }) items!: ReservationResponse[];
  @ApiProperty() page!: number;
  @ApiProperty() page_size!: number;
  @ApiProperty() total!: number;
}
