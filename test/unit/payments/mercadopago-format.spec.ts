import {
  amountFromJson,
  argentineTimestamp,
  toCents,
} from '../../../src/payments/mercadopago/mercadopago-format.js';
import {
  parseMercadoPagoNotice,
  inboxExternalId,
} from '../../../src/webhooks/mercadopago/mercadopago-payload.js';

describe('MercadoPago formats', () => {
  it('writes instants in Buenos Aires time with milliseconds and the offset', () => {
    expect(argentineTimestamp(new Date('2026-01-05T15:00:00.000Z'))).toBe('2026-01-05T12:00:00.000-03:00');
    expect(argentineTimestamp(new Date('2026-01-01T01:30:00.250Z'))).toBe('2025-12-31T22:30:00.250-03:00');
  });

  it('turns transaction_amount into a two-decimal string, refusing what is not an amount', () => {
    expect(amountFromJson(165000)).toBe('165000.00');
    expect(amountFromJson(54000.5)).toBe('54000.50');
    for (const bad of ['165000', -1, Number.NaN, null, undefined]) expect(amountFromJson(bad)).toBeNull();
  });

  it('compares money in whole cents', () => {
    expect(toCents('51000.00')).toBe(5_100_000n);
    expect(toCents('51000')).toBe(toCents('51000.00'));
    expect(toCents('0.5')).toBe(50n);
    expect(toCents('abc')).toBeNull();
  });
});

describe('MercadoPago notification payloads', () => {
  const body = { action: 'payment.updated', data: { id: '123' }, id: 99, live_mode: true, type: 'payment' };

  it('reads a payment notice', () => {
    expect(parseMercadoPagoNotice(body, '123')).toEqual({
      ok: true,
      notice: {
        kind: 'payment',
        notification: {
          payment_id: '123',
          action: 'payment.updated',
          notification_id: '99',
          live_mode: true,
        },
      },
    });
  });

  it('accepts a numeric data.id and a missing query id', () => {
    const parsed = parseMercadoPagoNotice({ ...body, data: { id: 123 } }, undefined);
    expect(parsed).toMatchObject({ ok: true, notice: { notification: { payment_id: '123' } } });
  });

  it('passes other topics through as such', () => {
    expect(parseMercadoPagoNotice({ type: 'subscription_preapproval', data: { id: 'x' } }, 'x')).toEqual({
      ok: true,
      notice: { kind: 'other', type: 'subscription_preapproval' },
    });
  });

  it.each([
    ['an array', []],
    ['a string', 'payment'],
    ['no type', { data: { id: '1' } }],
    ['an id with a slash', { type: 'payment', data: { id: '../1' } }],
  ])('refuses %s', (_name, value) => {
    expect(parseMercadoPagoNotice(value, undefined)).toMatchObject({ ok: false });
  });

  it('keys the inbox by payment, action and notification', () => {
    expect(
      inboxExternalId({ payment_id: '1', action: 'payment.created', notification_id: '7', live_mode: null }),
    ).toBe('payment:1:payment.created:7');
    expect(
      inboxExternalId({ payment_id: '1', action: 'payment.created', notification_id: null, live_mode: null }),
    ).toBe('payment:1:payment.created:-');
  });
});
