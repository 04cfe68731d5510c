import { Module } from '@nestjs/common';
import { ResilienceModule } from '../common/resilience/resilience.module.js';
import { DepositLinks, SandboxDepositLinks } from './deposit-links.js';
import { MercadoPagoClient, mercadopagoRetriesProvider } from './mercadopago/mercadopago.client.js';

@Module({
  imports: [ResilienceModule],
  providers: [
    mercadopagoRetriesProvider,
    MercadoPagoClient,
    { provide: DepositLinks, useClass: SandboxDepositLinks },
  ],
  exports: [DepositLinks, MercadoPagoClient],
})
export class PaymentsModule {}
