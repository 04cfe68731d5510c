import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { SandboxWhatsAppController } from './sandbox-whatsapp.controller.js';

/** The same condition under which SandboxModule starts the fake Graph API. */
export function runsFakeWhatsApp(config: AppConfig): boolean {
  return !config.production && !config.whatsapp.apiUrl;
}

/**
 * The sandbox's inspection route, as a module of its own so it exists only in a process that runs
 * the fake: with a configured Graph API URL (and always in production) there is no route at all,
 * not even one answering 404.
 */
@Module({})
export class SandboxWhatsAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: SandboxWhatsAppModule,
      controllers: runsFakeWhatsApp(config) ? [SandboxWhatsAppController] : [],
    };
  }
}
