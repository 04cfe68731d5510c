import { FORBIDDEN_WORDS } from '../../../src/conversation/guest-texts.js';
import { holdExpiredDedupeKey, holdExpiredText } from '../../../src/messaging/templates/hold-expired.js';

const forbidden = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');

describe('hold expired notice', () => {
  const text = holdExpiredText({
    code: 'RES-AB12CD',
    placeName: 'Cabaña del Lago',
    checkIn: '2027-03-10',
    checkOut: '2027-03-14',
  });

  it('names the place, the code and the dates as the hold message did', () => {
    expect(text).toContain('*Cabaña del Lago*');
    expect(text).toContain('*RES-AB12CD*');
    expect(text).toContain('del 10/03/2027 al 14/03/2027');
  });

  it('says the hold lapsed because the deposit did not arrive, and invites the guest to write again', () => {
    expect(text).toMatch(/pre-reserva .* se venció/);
    expect(text).toMatch(/no nos llegó el pago de la seña a tiempo/);
    expect(text).toMatch(/fechas quedaron libres/);
    expect(text).toMatch(/escribime .* me fijo si siguen disponibles/);
    // A deposit paid at the last minute may still be reported after the hold lapsed.
    expect(text).toMatch(/Si justo pagaste la seña, avisame/);
  });

  it('speaks like the rest of the bot: voseo, no technical words, within one WhatsApp text', () => {
    expect(text).not.toMatch(forbidden);
    expect(text).not.toMatch(/expired|pre_reserved|hold|status|\d{4}-\d{2}-\d{2}/i);
    expect(text).toMatch(/escribime/);
    expect(text.length).toBeLessThan(4096);
  });

  it('has one dedupe key per reservation code', () => {
    expect(holdExpiredDedupeKey('RES-AB12CD')).toBe('hold-expired:RES-AB12CD');
    expect(holdExpiredDedupeKey('RES-AB12CE')).not.toBe(holdExpiredDedupeKey('RES-AB12CD'));
  });
});
