import { makeCounterProvider } from '@willsoto/nestjs-prometheus';

export const DEPOSIT_LINKS = 'payments_deposit_links_total';
export const PAYMENTS_PROCESSED = 'payments_processed_total';
export const PAYMENTS_CONFIRMED = 'payments_confirmed_total';
export const PAYMENTS_CONFLICTS = 'payments_conflicts_total';

export const depositLinksProvider = makeCounterProvider({
  name: DEPOSIT_LINKS,
  help: 'Deposit links: created with the reply (inline), deferred because MercadoPago failed, created later (retried), or refused for good',
  labelNames: ['outcome'],
});

export const paymentsProcessedProvider = makeCounterProvider({
  name: PAYMENTS_PROCESSED,
  help: 'MercadoPago payment notifications processed, by what the app made of the payment',
  labelNames: ['outcome'],
});

export const paymentsConfirmedProvider = makeCounterProvider({
  name: PAYMENTS_CONFIRMED,
  help: 'Reservations confirmed by an approved MercadoPago deposit',
});

export const paymentsConflictsProvider = makeCounterProvider({
  name: PAYMENTS_CONFLICTS,
  help: 'Approved deposits that could not confirm their reservation and need a refund or a human; alert on any increase',
  labelNames: ['reason'],
});
