import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth/admin-only.decorator.js';
import { CreateIcalFeedDto, IcalFeedResponse } from '../dto/ical-feed.dto.js';
import { IcalFeedsService } from '../ical-feeds.service.js';

@ApiTags('calendar')
@AdminOnly()
@Controller('accommodations/:slug/ical-feeds')
export class IcalFeedsController {
  constructor(private readonly feeds: IcalFeedsService) {}

  @Post()
  @ApiOperation({ summary: 'Import a channel calendar (Airbnb, Booking.com, ...) into this accommodation' })
  @ApiCreatedResponse({ type: IcalFeedResponse })
  @ApiBadRequestResponse({
    description:
      '`validation_failed` (the url must be http or https); `feed_address_not_allowed` (private or local address)',
  })
  @ApiNotFoundResponse({ description: '`not_found` (accommodation)' })
  @ApiConflictResponse({ description: '`feed_exists`' })
  async add(@Param('slug') slug: string, @Body() body: CreateIcalFeedDto): Promise<IcalFeedResponse> {
    return IcalFeedResponse.from(await this.feeds.add(slug, body.url, body.name));
  }

  @Get()
  @ApiOperation({ summary: 'Imported feeds with their last attempt, last success and last error' })
  @ApiOkResponse({ type: [IcalFeedResponse] })
  @ApiNotFoundResponse({ description: '`not_found` (accommodation)' })
  async list(@Param('slug') slug: string): Promise<IcalFeedResponse[]> {
    return (await this.feeds.list(slug)).map((feed) => IcalFeedResponse.from(feed));
  }

  @Delete(':feedId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop importing a feed; the dates it blocked are freed' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: '`not_found`' })
  async remove(@Param('slug') slug: string, @Param('feedId') feedId: string): Promise<void> {
    await this.feeds.remove(slug, feedId);
  }

  @Post(':feedId/sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sync one feed now; a failed fetch shows in `last_error`, blocks unchanged' })
  @ApiOkResponse({ type: IcalFeedResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  @ApiConflictResponse({ description: '`sync_in_progress` (another runner has held it too long)' })
  async sync(@Param('slug') slug: string, @Param('feedId') feedId: string): Promise<IcalFeedResponse> {
    return IcalFeedResponse.from(await this.feeds.syncNow(slug, feedId));
  }
}
