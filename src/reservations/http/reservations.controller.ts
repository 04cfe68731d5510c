import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AdminOnly } from '../../common/auth/admin-only.decorator.js';
import {
  CreateReservationDto,
  ListReservationsQuery,
  ReservationPage,
  ReservationResponse,
  UpdateReservationDto,
} from '../dto/reservation.dto.js';
import { ReservationsService } from '../reservations.service.js';

@ApiTags('reservations')
@AdminOnly()
@Controller('reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Get()
  @ApiOperation({ summary: 'Reservations, newest stays first; filter by status, place and dates' })
  @ApiOkResponse({ type: ReservationPage })
  async list(@Query() q: ListReservationsQuery): Promise<ReservationPage> {
    const { items, total } = await this.reservations.list({
      status: q.status,
      accommodationSlug: q.accommodation,
      from: q.from,
      to: q.to,
      limit: q.page_size,
      offset: (q.page - 1) * q.page_size,
    });
    return { items: items.map(ReservationResponse.from), page: q.page, page_size: q.page_size, total };
  }

  @Get(':code')
  @ApiOperation({ summary: 'One reservation by code' })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  async get(@Param('code') code: string): Promise<ReservationResponse> {
    return ReservationResponse.from(await this.reservations.getByCode(code));
  }

  @Post()
  @ApiOperation({ summary: 'Hold dates for a guest (pre-reservation that expires after HOLD_MINUTES)' })
  @ApiCreatedResponse({ type: ReservationResponse })
  @ApiConflictResponse({ description: '`date_overlap`, `no_availability`' })
  @ApiNotFoundResponse({ description: '`not_found` (accommodation)' })
  @ApiUnprocessableEntityResponse({ description: '`invalid_dates`, `capacity_exceeded`' })
  async create(@Body() body: CreateReservationDto): Promise<ReservationResponse> {
    return ReservationResponse.from(
      await this.reservations.hold({
        accommodationSlug: body.accommodation,
        checkIn: body.check_in,
        checkOut: body.check_out,
        guestsCount: body.guests_count,
        guestPhone: body.guest_phone,
        guestName: body.guest_name,
        source: 'admin',
      }),
    );
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Change the party size of an active reservation (a hold keeps its expiry)' })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  @ApiConflictResponse({ description: '`invalid_transition` (cancelled, expired or lapsed)' })
  @ApiUnprocessableEntityResponse({ description: '`capacity_exceeded`' })
  async update(
    @Param('code') code: string,
    @Body() body: UpdateReservationDto,
  ): Promise<ReservationResponse> {
    return ReservationResponse.from(await this.reservations.changeGuests(code, body.guests_count));
  }

  @Post(':code/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a hold by hand (deposit paid outside MercadoPago)' })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  @ApiConflictResponse({ description: '`invalid_transition`' })
  async confirm(@Param('code') code: string): Promise<ReservationResponse> {
    return ReservationResponse.from(await this.reservations.confirm(code));
  }

  @Post(':code/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a hold or a confirmed reservation' })
  @ApiOkResponse({ type: ReservationResponse })
  @ApiNotFoundResponse({ description: '`not_found`' })
  @ApiConflictResponse({ description: '`invalid_transition`' })
  async cancel(@Param('code') code: string): Promise<ReservationResponse> {
    return ReservationResponse.from(await this.reservations.cancel(code));
  }
}
