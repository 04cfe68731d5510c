import { MikroORM } from '@mikro-orm/postgresql';
import type { MercadoPagoPayment } from '../../../src/payments/mercadopago/mercadopago.types.js';
import { PaymentConfirmations } from '../../../src/payments/payment-confirmations.js';
import { metricValue } from '../../support/metrics.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

const payment = (id: string): MercadoPagoPayment => ({
  id,
  status: 'approved',
  statusDetail: 'accredited',
  externalReference: 'RES-ZZZZZZ',
  amount: '1000.00',
  currency: 'ARS',
  liveMode: false,
  raw: {},
});

describe('payment decisions count and alert only once committed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { WORKERS_ENABLED: 'false' } });
  });
  afterAll(() => t?.close());

  const unknown = () => metricValue(t, 'payments_conflicts_total', { reason: 'unknown_reservation' });

  it('a decision rolled back with its transaction leaves no alert; the committed one alerts once', async () => {
    const before = await unknown();
    const confirmations = t.app.get(PaymentConfirmations);
    const orm = t.app.get(MikroORM);

    await expect(
      orm.em.fork().transactional(async (tx) => {
        const applied = await confirmations.apply(payment('900000000001'), tx);
        expect(applied.outcome).toBe('unknown_reservation');
        throw new Error('the row transaction fails after the decision');
      }),
    ).rejects.toThrow('the row transaction fails');
    expect((await unknown()) - before).toBe(0);

    const applied = await orm.em
      .fork()
      .transactional((tx) => confirmations.apply(payment('900000000001'), tx));
    expect((await unknown()) - before).toBe(0);
    applied.afterCommit();
    expect((await unknown()) - before).toBe(1);
  });
});
