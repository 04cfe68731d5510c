import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const PAYMENTS_WEBHOOKS = 'payments_webhooks_total';

export const paymentsWebhooksProvider = makeCounterProvider({
  name: PAYMENTS_WEBHOOKS,
  help: 'MercadoPago notifications received: stored, duplicate, ignored (not a payment), invalid_signature, bad_request',
  labelNames: ['outcome'],
});
