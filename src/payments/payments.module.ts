import { Module } from '@nestjs/common';
import { DepositLinks, SandboxDepositLinks } from './deposit-links.js';

@Module({
  // The MercadoPago issue binds its real implementation here.
  providers: [{ provide: DepositLinks, useClass: SandboxDepositLinks }],
  exports: [DepositLinks],
})
export class PaymentsModule {}
