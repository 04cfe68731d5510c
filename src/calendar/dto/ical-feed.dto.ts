import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength } from 'class-validator';
import { channelOf, type Channel } from '../channel.js';
import type { FeedRecord } from '../ical-feeds.repository.js';

export class CreateIcalFeedDto {
  @ApiProperty({
    example: 'https://www.airbnb.com/calendar/ical/12345678.ics?s=abcdef0123456789',
    description: 'The channel\'s export ("secret") address; http or https only',
  })
  @IsUrl(
    { require_protocol: true, protocols: ['http', 'https'], require_tld: false },
    {
      message: 'url must be an http or https URL',
    },
  )
  @MaxLength(2000)
  url!: string;

  @ApiPropertyOptional({ example: 'Airbnb', description: 'A label for the operator' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;
}

export class IcalFeedResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() accommodation!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The feed address (a secret of the channel account: shown only to admins)' })
  url!: string;
  @ApiProperty({ enum: ['airbnb', 'booking', 'vrbo', 'google', 'other'] }) channel!: Channel;
  @ApiProperty() active!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) last_attempt_at!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) last_success_at!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why the last sync failed; null after a success',
  })
  last_error!: string | null;
  @ApiProperty() consecutive_failures!: number;
  @ApiProperty({ description: 'Blocked ranges currently imported from this feed' }) blocks!: number;
  @ApiProperty({ type: String, format: 'date-time' }) created_at!: string;

  static from(feed: FeedRecord): IcalFeedResponse {
    return {
      id: feed.id,
      accommodation: feed.accommodationSlug,
      name: feed.name,
      url: feed.url,
      channel: channelOf(feed.url),
      active: feed.active,
      last_attempt_at: feed.lastAttemptAt?.toISOString() ?? null,
      last_success_at: feed.lastSuccessAt?.toISOString() ?? null,
      last_error: feed.lastError,
      consecutive_failures: feed.consecutiveFailures,
      blocks: feed.blockCount,
      created_at: feed.createdAt.toISOString(),
    };
  }
}

export class CalendarExportAddressResponse {
  @ApiProperty() accommodation!: string;
  @ApiProperty({
    description: 'The `ical_export_token` of the place (a secret: whoever has it sees the booked dates)',
  })
  token!: string;
  @ApiProperty({
    example: 'https://reservas.example.com/api/v1/accommodations/cabana-del-lago/calendar.ics?token=…',
    description: 'Absolute when PUBLIC_BASE_URL is set; otherwise the path to append to the public address',
  })
  url!: string;
}
