import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { AccommodationsService } from './accommodations.service.js';
import { AvailabilityService } from './availability.service.js';
import { ReservationCodes } from './domain/reservation-code.js';
import { Accommodation } from './entities/accommodation.entity.js';
import { Reservation } from './entities/reservation.entity.js';
import { HoldExpiryNotices } from './hold-expiry-notices.js';
import { AccommodationsController } from './http/accommodations.controller.js';
import { AvailabilityController } from './http/availability.controller.js';
import { ReservationsController } from './http/reservations.controller.js';
import { prereservationsExpiredProvider, reservationTransitionsProvider } from './reservation.metrics.js';
import { ReservationsRepository } from './reservations.repository.js';
import { ReservationsService } from './reservations.service.js';

@Module({
  imports: [MikroOrmModule.forFeature([Accommodation, Reservation]), CalendarModule, MessagingModule],
  controllers: [AccommodationsController, AvailabilityController, ReservationsController],
  providers: [
    ReservationsRepository,
    ReservationCodes,
    ReservationsService,
    HoldExpiryNotices,
    AvailabilityService,
    AccommodationsService,
    prereservationsExpiredProvider,
    reservationTransitionsProvider,
  ],
  exports: [ReservationsService, AvailabilityService, AccommodationsService],
})
export class ReservationsModule {}
