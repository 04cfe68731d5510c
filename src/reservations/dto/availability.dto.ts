import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import type { AvailabilityResult } from '../availability.service.js';
import { SLUG_PATTERN } from './accommodation.dto.js';
import { DATE_PATTERN } from './reservation.dto.js';

export class AvailabilityQueryDto {
  @ApiProperty({ example: '2027-01-15', format: 'date' })
  @Matches(DATE_PATTERN, { message: 'check_in must be a date as YYYY-MM-DD' })
  check_in!: string;

  @ApiProperty({ example: '2027-01-20', format: 'date' })
  @Matches(DATE_PATTERN, { message: 'check_out must be a date as YYYY-MM-DD' })
  check_out!: string;

  @ApiProperty({ example: 2, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  guests!: number;

  @ApiPropertyOptional({ description: 'Only this accommodation (slug)' })
  @IsOptional()
  @Matches(SLUG_PATTERN, { message: 'accommodation must be an accommodation slug' })
  accommodation?: string;
}

export class AvailableOfferDto {
  @ApiProperty({ example: 'cabana-del-lago' }) accommodation!: string;
  @ApiProperty({ example: 'Cabaña del Lago' }) name!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty() nights!: number;
  @ApiProperty({ example: '85000.00' }) nightly_price!: string;
  @ApiProperty({ example: '425000.00' }) total_price!: string;
  @ApiProperty({ example: '127500.00' }) deposit_amount!: string;
  @ApiProperty({ example: 'ARS' }) currency!: string;
}

export class DateSuggestionDto {
  @ApiProperty({ format: 'date' }) check_in!: string;
  @ApiProperty({ format: 'date' }) check_out!: string;
  @ApiProperty({ example: 'cabana-del-lago' }) accommodation!: string;
  @ApiProperty() name!: string;
}

export class AvailabilityResponse {
  @ApiProperty({ type: [AvailableOfferDto] }) available!: AvailableOfferDto[];
  @ApiProperty({ type: [DateSuggestionDto], description: 'Nearest free ranges when nothing is available' })
  suggestions!: DateSuggestionDto[];

  static from(result: AvailabilityResult): AvailabilityResponse {
    return {
      available: result.available.map((o) => ({
        accommodation: o.accommodation,
        name: o.name,
        capacity: o.capacity,
        nights: o.nights,
        nightly_price: o.nightlyPrice,
        total_price: o.totalPrice,
        deposit_amount: o.depositAmount,
        currency: o.currency,
      })),
      suggestions: result.suggestions.map((s) => ({
        check_in: s.checkIn,
        check_out: s.checkOut,
        accommodation: s.accommodation,
        name: s.name,
      })),
    };
  }
}
