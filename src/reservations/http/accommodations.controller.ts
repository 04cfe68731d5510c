import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth/admin-only.decorator.js';
import { AccommodationsService } from '../accommodations.service.js';
import {
  AccommodationResponse,
  AdminAccommodationResponse,
  CreateAccommodationDto,
  UpdateAccommodationDto,
} from '../dto/accommodation.dto.js';

@ApiTags('accommodations')
@Controller('accommodations')
export class AccommodationsController {
  constructor(private readonly accommodations: AccommodationsService) {}

  @Get()
  @ApiOperation({ summary: 'Active accommodations (public, no secrets)' })
  @ApiOkResponse({ type: [AccommodationResponse] })
  list(): Promise<AccommodationResponse[]> {
    return this.accommodations.listActive();
  }

  @Get(':slug')
  @ApiOperation({ summary: 'One active accommodation (public, no secrets)' })
  @ApiOkResponse({ type: AccommodationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  get(@Param('slug') slug: string): Promise<AccommodationResponse> {
    return this.accommodations.getActive(slug);
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Create an accommodation (admin); answers with its iCal export token' })
  @ApiCreatedResponse({ type: AdminAccommodationResponse })
  @ApiConflictResponse({ description: '`slug_taken`' })
  create(@Body() body: CreateAccommodationDto): Promise<AdminAccommodationResponse> {
    return this.accommodations.create(body);
  }

  @Patch(':slug')
  @AdminOnly()
  @ApiOperation({ summary: 'Update an accommodation (admin); `active: true` reactivates it' })
  @ApiOkResponse({ type: AdminAccommodationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  update(
    @Param('slug') slug: string,
    @Body() body: UpdateAccommodationDto,
  ): Promise<AdminAccommodationResponse> {
    return this.accommodations.update(slug, body);
  }

  @Post(':slug/deactivate')
  @HttpCode(200)
  @AdminOnly()
  @ApiOperation({ summary: 'Deactivate (admin): hidden from guests and availability; bookings stay' })
  @ApiOkResponse({ type: AdminAccommodationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  deactivate(@Param('slug') slug: string): Promise<AdminAccommodationResponse> {
    return this.accommodations.deactivate(slug);
  }
}
