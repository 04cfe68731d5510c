import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { SandboxCheckoutController } from './sandbox-checkout.controller.js';

/** The same condition under which SandboxModule starts the fake MercadoPago API. */
export function runsFakeMercadoPago(config: AppConfig): boolean {
  return !config.production && !config.mercadopago.apiUrl;
}

/** The sandbox checkout page, only in a process that runs the fake (never in production). */
@Module({})
export class SandboxCheckoutModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SandboxCheckoutModule,
      controllers: runsFakeMercadoPago(config) ? [SandboxCheckoutController] : [],
    };
  }
}
