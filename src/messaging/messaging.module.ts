import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { OutboundMessage } from './entities/outbound-message.entity.js';
import { ResilienceModule } from '../common/resilience/resilience.module.js';
import { OutboxDispatcher, outboxBacklogProvider, outboxDeadProvider } from './outbox/outbox.dispatcher.js';
import { OutboxStatusUpdater } from './outbox/outbox-status.updater.js';
import { OutboxWriter } from './outbox/outbox.writer.js';
import { TranscriptionClient, transcriptionRetriesProvider } from './transcription/transcription.client.js';
import { WhatsAppClient, whatsappSendRetriesProvider } from './whatsapp/whatsapp.client.js';

@Module({
  imports: [MikroOrmModule.forFeature([OutboundMessage]), ResilienceModule],
  providers: [
    whatsappSendRetriesProvider,
    transcriptionRetriesProvider,
    outboxDeadProvider,
    outboxBacklogProvider,
    WhatsAppClient,
    TranscriptionClient,
    OutboxDispatcher,
    OutboxWriter,
    OutboxStatusUpdater,
  ],
  exports: [WhatsAppClient, TranscriptionClient, OutboxDispatcher, OutboxWriter, OutboxStatusUpdater],
})
export class MessagingModule {}
