import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MONEY_PATTERN = /^\d{1,10}(\.\d{1,2})?$/;

export class PhotoDto {
  @ApiProperty({ example: 'https://example.com/photos/deck.jpg' })
  @IsUrl({ require_protocol: true, protocols: ['https', 'http'] })
  url!: string;

  @ApiPropertyOptional({ example: 'El deck al atardecer' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  caption?: string;

  @ApiProperty({ example: 1, description: 'Display order, lowest first' })
  @IsInt()
  @Min(0)
  order!: number;

  @ApiPropertyOptional({ description: 'The photo sent first in the chat' })
  @IsOptional()
  @IsBoolean()
  is_primary?: boolean;
}

class AccommodationFieldsDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @ApiPropertyOptional({
    example: 30,
    description: 'Deposit percent; null = DEPOSIT_PERCENT',
    nullable: true,
  })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  @Max(100)
  deposit_percent?: number | null;

  @ApiPropertyOptional({ type: [PhotoDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PhotoDto)
  photos?: PhotoDto[];

  @ApiPropertyOptional({ type: [String], example: ['la del lago'], description: 'How guests call it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(2, { each: true })
  @MaxLength(60, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ example: 'America/Argentina/Buenos_Aires' })
  @IsOptional()
  @IsTimeZone()
  timezone?: string;
}

export class CreateAccommodationDto extends AccommodationFieldsDto {
  @ApiProperty({ example: 'cabana-del-lago', description: 'URL name: lowercase letters, digits, dashes' })
  @Matches(SLUG_PATTERN, { message: 'slug must be lowercase letters, digits and single dashes' })
  @MaxLength(60)
  slug!: string;

  @ApiProperty({ example: 'Cabaña del Lago' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name!: string;

  @ApiProperty({ example: 4 })
  @IsInt()
  @Min(1)
  @Max(100)
  capacity!: number;

  @ApiProperty({ example: '85000.00' })
  @Matches(MONEY_PATTERN, { message: 'nightly_price must be a decimal string such as "85000.00"' })
  nightly_price!: string;
}

export class UpdateAccommodationDto extends AccommodationFieldsDto {
  @ApiPropertyOptional({ example: 'Cabaña del Lago' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: 4 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  capacity?: number;

  @ApiPropertyOptional({ example: '85000.00', description: 'Decimal string, at most 2 decimals' })
  @IsOptional()
  @Matches(MONEY_PATTERN, { message: 'nightly_price must be a decimal string such as "85000.00"' })
  nightly_price?: string;

  @ApiPropertyOptional({ description: 'false hides the place from guests and availability' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class AccommodationResponse {
  @ApiProperty({ example: 'cabana-del-lago' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ example: '85000.00' }) nightly_price!: string;
  @ApiProperty({ example: '30.00', description: 'Effective deposit percent' }) deposit_percent!: string;
  @ApiProperty({ example: 'ARS' }) currency!: string;
  @ApiProperty({ type: [PhotoDto], description: 'Sorted by order' }) photos!: PhotoDto[];
  @ApiProperty({ type: [String] }) aliases!: string[];
  @ApiProperty() timezone!: string;
  @ApiProperty() active!: boolean;
}

export class AdminAccommodationResponse extends AccommodationResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Secret of the iCal export URL; share only with the other channels' })
  ical_export_token!: string;
  @ApiProperty({ nullable: true, example: '30.00', description: 'Own deposit percent; null = default' })
  own_deposit_percent!: string | null;
  @ApiProperty() created_at!: string;
  @ApiProperty() updated_at!: string;
}
