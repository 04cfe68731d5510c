import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { BookingConversationHandler } from './booking-conversation.handler.js';
import { ConversationHandler } from './conversation-handler.js';
import { ConversationMemory } from './conversation-memory.js';
import { Conversation } from './entities/conversation.entity.js';
import { PlaceCatalog } from './place-catalog.js';
import { ReservationQuestions } from './reservation-questions.js';
import { StayRequests } from './stay-requests.js';
import { VoiceNotes, voiceNotesProvider } from './voice-notes.js';

@Module({
  imports: [MikroOrmModule.forFeature([Conversation]), ReservationsModule, PaymentsModule, MessagingModule],
  providers: [
    ConversationMemory,
    PlaceCatalog,
    ReservationQuestions,
    StayRequests,
    voiceNotesProvider,
    VoiceNotes,
    { provide: ConversationHandler, useClass: BookingConversationHandler },
  ],
  exports: [ConversationHandler],
})
export class ConversationModule {}
