import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminOnly } from '../../common/auth/admin-only.decorator.js';
import { CalendarExportService } from '../calendar-export.service.js';
import { CalendarExportAddressResponse } from '../dto/ical-feed.dto.js';

@ApiTags('calendar')
@Controller('accommodations')
export class CalendarExportController {
  constructor(private readonly exports: CalendarExportService) {}

  @Get(':slug/calendar-export')
  @AdminOnly()
  @ApiOperation({
    summary: 'The secret address of our iCal feed for this place, to paste into Airbnb / Booking.com',
  })
  @ApiOkResponse({ type: CalendarExportAddressResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  address(@Param('slug') slug: string): Promise<CalendarExportAddressResponse> {
    return this.exports.addressOf(slug);
  }

  @Post(':slug/calendar-export/rotate')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Revoke the export address: a new token, the old one answers 404 from now on. Give the new address to every channel that imports it',
  })
  @ApiOkResponse({ type: CalendarExportAddressResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  rotate(@Param('slug') slug: string): Promise<CalendarExportAddressResponse> {
    return this.exports.rotate(slug);
  }

  /**
   * No auth header: channels cannot log in, so the secret is the token in the URL (it is kept out of
   * the access log, which records paths without query strings).
   */
  @Get(':slug/calendar.ics')
  @ApiOperation({
    summary:
      'Our bookings as an iCal feed for Airbnb / Booking.com to import (all-day events, no guest data)',
  })
  @ApiQuery({ name: 'token', description: "The accommodation's `ical_export_token` (admin API)" })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'text/calendar; charset=utf-8' })
  @ApiNotFoundResponse({ description: '`not_found` (unknown place or wrong token)' })
  async export(
    @Param('slug') slug: string,
    @Query('token') token: string | undefined,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const feed = await this.exports.calendarFor(slug, typeof token === 'string' ? token : undefined);
    reply.header('etag', feed.etag).header('cache-control', 'private, max-age=300');
    if (ifNoneMatch === feed.etag) {
      await reply.code(304).send();
      return;
    }
    await reply
      .code(200)
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${slug}.ics"`)
      .send(feed.body);
  }
}
