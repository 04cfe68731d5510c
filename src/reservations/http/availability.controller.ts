import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth/admin-only.decorator.js';
import { AvailabilityService } from '../availability.service.js';
import { AvailabilityQueryDto, AvailabilityResponse } from '../dto/availability.dto.js';

@ApiTags('availability')
@AdminOnly()
@Controller('availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  @Get()
  @ApiOperation({ summary: 'Free accommodations with prices; nearest free dates when none is free' })
  @ApiOkResponse({ type: AvailabilityResponse })
  @ApiUnprocessableEntityResponse({ description: '`invalid_dates`, `capacity_exceeded`' })
  async search(@Query() q: AvailabilityQueryDto): Promise<AvailabilityResponse> {
    return AvailabilityResponse.from(
      await this.availability.search({
        checkIn: q.check_in,
        checkOut: q.check_out,
        guests: q.guests,
        accommodationSlug: q.accommodation,
      }),
    );
  }
}
