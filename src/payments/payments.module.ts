import { Module } from '@nestjs/common';
import { ResilienceModule } from '../common/resilience/resilience.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ReservationsModule } from '../reservations/reservations.module.js';
import { DepositLinkRetrier } from './deposit-link.retrier.js';
import { DepositLinks, MercadoPagoDepositLinks } from './deposit-links.js';
import { DepositRequestsRepository } from './deposit-requests.repository.js';
import { MercadoPagoClient, mercadopagoRetriesProvider } from './mercadopago/mercadopago.client.js';
import { PaymentConfirmations } from './payment-confirmations.js';
import { PaymentRecordsRepository } from './payment-records.repository.js';
import {
  depositLinksProvider,
  paymentsConfirmedProvider,
  paymentsConflictsProvider,
  paymentsProcessedProvider,
} from './payments.metrics.js';

@Module({
  imports: [ResilienceModule, ReservationsModule, MessagingModule],
  providers: [
    mercadopagoRetriesProvider,
    depositLinksProvider,
    paymentsProcessedProvider,
    paymentsConfirmedProvider,
    paymentsConflictsProvider,
    MercadoPagoClient,
    DepositRequestsRepository,
    { provide: DepositLinks, useClass: MercadoPagoDepositLinks },
    DepositLinkRetrier,
    PaymentRecordsRepository,
    PaymentConfirmations,
  ],
  exports: [DepositLinks, DepositLinkRetrier, MercadoPagoClient, PaymentConfirmations],
})
export class PaymentsModule {}
