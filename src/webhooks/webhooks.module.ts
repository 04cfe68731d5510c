import { MikroOrmModule } from '@mikro-orm/nestjs';
import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../common/idempotency/idempotency.module.js';
import { ConversationModule } from '../conversation/conversation.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { InboundEvent } from './entities/inbound-event.entity.js';
import { INBOX_EVENT_HANDLERS } from './inbox/inbox-event-handler.js';
import { inboxDeadProvider } from './inbox/inbox-outcomes.js';
import { InboxProcessor } from './inbox/inbox.processor.js';
import { InboxWriter } from './inbox/inbox.writer.js';
import { MercadoPagoInboxHandler } from './mercadopago/mercadopago-inbox.handler.js';
import { MercadoPagoSignatureGuard } from './mercadopago/mercadopago-signature.guard.js';
import { paymentsWebhooksProvider } from './mercadopago/mercadopago-webhook.metrics.js';
import { MercadoPagoWebhookController } from './mercadopago/mercadopago-webhook.controller.js';
import { MercadoPagoWebhookService } from './mercadopago/mercadopago-webhook.service.js';
import {
  PaymentNotificationRevival,
  paymentNotificationsAbandonedProvider,
  paymentNotificationsRevivedProvider,
} from './mercadopago/payment-notification-revival.js';
import { WhatsAppInboxHandler } from './whatsapp/whatsapp-inbox.handler.js';
import { WhatsAppSignatureGuard } from './whatsapp/whatsapp-signature.guard.js';
import { WhatsAppWebhookController } from './whatsapp/whatsapp-webhook.controller.js';
import { WhatsAppWebhookService } from './whatsapp/whatsapp-webhook.service.js';

@Module({
  imports: [
    MikroOrmModule.forFeature([InboundEvent]),
    IdempotencyModule,
    MessagingModule,
    ConversationModule,
    PaymentsModule,
  ],
  controllers: [WhatsAppWebhookController, MercadoPagoWebhookController],
  providers: [
    WhatsAppInboxHandler,
    MercadoPagoInboxHandler,
    {
      provide: INBOX_EVENT_HANDLERS,
      inject: [WhatsAppInboxHandler, MercadoPagoInboxHandler],
      useFactory: (wa: WhatsAppInboxHandler, mp: MercadoPagoInboxHandler) => [wa, mp],
    },
    inboxDeadProvider,
    InboxWriter,
    InboxProcessor,
    WhatsAppSignatureGuard,
    WhatsAppWebhookService,
    paymentsWebhooksProvider,
    MercadoPagoSignatureGuard,
    MercadoPagoWebhookService,
    PaymentNotificationRevival,
    paymentNotificationsRevivedProvider,
    paymentNotificationsAbandonedProvider,
  ],
  exports: [InboxProcessor, InboxWriter, PaymentNotificationRevival],
})
export class WebhooksModule {}
