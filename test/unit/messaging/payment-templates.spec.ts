import { FORBIDDEN_WORDS } from '../../../src/conversation/guest-texts.js';
import { depositLinkMessage } from '../../../src/messaging/templates/deposit-link.js';
import { paymentConfirmedMessage } from '../../../src/messaging/templates/payment-confirmed.js';
import { paymentRefundMessage } from '../../../src/messaging/templates/payment-refund.js';
import { formatMoney, formatStayDate } from '../../../src/messaging/templates/stay-format.js';

const FORBIDDEN = new RegExp(
  `\\b(${[...FORBIDDEN_WORDS, 'webhook', 'mercadopago', 'payment'].join('|')})\\b`,
  'i',
);
const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');
const stay = {
  code: 'RES-AB12CD',
  placeName: 'Cabaña del Lago',
  checkIn: '2027-03-10',
  checkOut: '2027-03-14',
  deposit: '102000.00',
};

describe('payment messages to guests', () => {
  it('"¡Pago Confirmado!" names the place, the dates, the code and the deposit', () => {
    const text = nbsp(paymentConfirmedMessage(stay));
    expect(text.startsWith('¡Pago Confirmado!')).toBe(true);
    for (const part of ['RES-AB12CD', 'Cabaña del Lago', '10/03/2027', '14/03/2027', '$ 102.000']) {
      expect(text).toContain(part);
    }
    expect(text).not.toMatch(FORBIDDEN);
  });

  it('a late confirmation says the hold had lapsed but the dates were free; an on-time one does not', () => {
    const late = nbsp(paymentConfirmedMessage({ ...stay, late: true }));
    expect(late).toContain('después de que venciera la pre-reserva');
    expect(late).toContain('quedó confirmada');
    expect(late).not.toMatch(FORBIDDEN);
    expect(nbsp(paymentConfirmedMessage(stay))).not.toContain('venciera');
  });

  it('the refund message says kindly that the dates were taken and the money goes back', () => {
    const text = nbsp(paymentRefundMessage(stay));
    for (const part of [
      'RES-AB12CD',
      'Cabaña del Lago',
      'ya no están disponibles',
      'devolver',
      '$ 102.000',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toMatch(FORBIDDEN);
  });

  it('the later deposit link carries the link and the deposit', () => {
    const text = nbsp(depositLinkMessage({ ...stay, link: 'https://mp.example/checkout/1' }));
    for (const part of ['RES-AB12CD', 'https://mp.example/checkout/1', '$ 102.000', '10/03/2027']) {
      expect(text).toContain(part);
    }
    expect(text.replace('https://mp.example/checkout/1', '')).not.toMatch(FORBIDDEN);
  });

  it('formats money without floats or cents, and dates as dd/mm/yyyy', () => {
    expect(nbsp(formatMoney('85000.50'))).toBe('$ 85.001');
    expect(nbsp(formatMoney('99999999999999999.49'))).toBe('$ 99.999.999.999.999.999');
    expect(formatMoney('n/a')).toBe('n/a');
    expect(formatStayDate('2027-01-05')).toBe('05/01/2027');
  });
});
