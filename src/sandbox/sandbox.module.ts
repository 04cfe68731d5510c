import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '../config/app-config.js';
import { DemoIcalFeed } from '../database/demo-ical-feed.js';
import { runsDemoIcalFeed, startDemoIcalFeed } from './demo-ical-feed.js';
import { ExternalApiUrls } from './external-api-urls.js';
import { FakeIcalFeeds } from './fake-ical-feeds.js';
import { FakeMercadoPagoApi } from './fake-mercadopago-api.js';
import { FakeTranscriptionApi } from './fake-transcription-api.js';
import { FakeWhatsAppApi } from './fake-whatsapp-api.js';

/** The fakes this process started (empty when every API URL is configured). */
export class SandboxServers {
  whatsapp: FakeWhatsAppApi | undefined;
  transcription: FakeTranscriptionApi | undefined;
  mercadopago: FakeMercadoPagoApi | undefined;
  /** The embedded demo's channel calendar (see demo-ical-feed.ts). */
  ical: FakeIcalFeeds | undefined;
}

/** Where the sandbox checkout page of this app lives (see SandboxCheckoutController). */
export function sandboxCheckoutBaseUrl(config: AppConfig): string {
  return `${publicBaseUrl(config)}/api/v1/sandbox/checkout`;
}

/**
 * Resolves every external API URL once. A configured URL wins; without one (never in production,
 * where config always yields the vendor URL) the loopback fake is started and its URL used.
 */
@Global()
@Module({
  providers: [
    SandboxServers,
    {
      provide: ExternalApiUrls,
      inject: [APP_CONFIG, SandboxServers],
      useFactory: async (config: AppConfig, servers: SandboxServers): Promise<ExternalApiUrls> => {
        let whatsapp = config.whatsapp.apiUrl;
        if (!whatsapp) {
          if (config.production) throw new Error('WHATSAPP_API_URL is required in production');
          servers.whatsapp = new FakeWhatsAppApi(config.whatsapp.accessToken);
          whatsapp = await servers.whatsapp.start();
          new Logger('Sandbox').log({ url: whatsapp }, 'sandbox_whatsapp_started');
        }
        let transcription = config.transcription.apiUrl;
        // Production without a transcription URL has none: voice notes get a kind "please write".
        if (!transcription && !config.production) {
          servers.transcription = new FakeTranscriptionApi({ apiKey: config.transcription.apiKey });
          transcription = await servers.transcription.start();
          new Logger('Sandbox').log({ url: transcription }, 'sandbox_transcription_started');
        }
        let mercadopago = config.mercadopago.apiUrl;
        if (!mercadopago) {
          if (config.production) throw new Error('MERCADOPAGO_API_URL is required in production');
          servers.mercadopago = new FakeMercadoPagoApi({
            accessToken: config.mercadopago.accessToken,
            webhookSecret: config.mercadopago.webhookSecret,
            checkoutBaseUrl: sandboxCheckoutBaseUrl(config),
          });
          mercadopago = await servers.mercadopago.start();
          new Logger('Sandbox').log({ url: mercadopago }, 'sandbox_mercadopago_started');
        }
        return { whatsapp, transcription, mercadopago };
      },
    },
    {
      provide: DemoIcalFeed,
      inject: [APP_CONFIG, SandboxServers],
      useFactory: async (config: AppConfig, servers: SandboxServers): Promise<DemoIcalFeed> => {
        if (!runsDemoIcalFeed(config)) return { url: undefined };
        servers.ical = new FakeIcalFeeds();
        const url = await startDemoIcalFeed(servers.ical);
        new Logger('Sandbox').log({ url }, 'sandbox_ical_feed_started');
        return { url };
      },
    },
  ],
  exports: [ExternalApiUrls, SandboxServers, DemoIcalFeed],
})
export class SandboxModule implements OnApplicationShutdown {
  constructor(private readonly servers: SandboxServers) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([
      this.servers.whatsapp?.stop(),
      this.servers.transcription?.stop(),
      this.servers.mercadopago?.stop(),
      this.servers.ical?.stop(),
    ]);
  }
}
