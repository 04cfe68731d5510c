import { parse } from '../../../src/conversation/parser/parse.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

describe('"today" is the business\'s day, not the server\'s', () => {
  // 01:30 UTC on the 28th is 22:30 on the 27th in Buenos Aires (UTC-3).
  const lateFridayInBuenosAires = new Date('2026-11-28T01:30:00Z');

  it('is still the 27th in Buenos Aires at 01:30 UTC on the 28th', () => {
    const r = parse('hay lugar hoy?', { ...REFERENCE_CONTEXT, now: lateFridayInBuenosAires });
    expect([r.checkIn, r.checkOut]).toEqual(['2026-11-27', '2026-11-28']);
  });

  it('resolves "mañana", weekends and day numbers from that local day', () => {
    const ctx = { ...REFERENCE_CONTEXT, now: lateFridayInBuenosAires };
    expect(parse('para mañana', ctx).checkIn).toBe('2026-11-28');
    expect([parse('este finde', ctx).checkIn, parse('este finde', ctx).checkOut]).toEqual([
      '2026-11-27',
      '2026-11-29',
    ]);
    expect(parse('para el 27 de noviembre', ctx).checkIn).toBe('2026-11-27');
  });

  it('is already the 28th for a business in Tokyo at the same instant', () => {
    const r = parse('hay lugar hoy?', {
      ...REFERENCE_CONTEXT,
      now: lateFridayInBuenosAires,
      timeZone: 'Asia/Tokyo',
    });
    expect(r.checkIn).toBe('2026-11-28');
  });

  it('a date that is "today" locally is not rolled to next year', () => {
    const r = parse('del 27 al 29 de noviembre', { ...REFERENCE_CONTEXT, now: lateFridayInBuenosAires });
    expect([r.checkIn, r.checkOut]).toEqual(['2026-11-27', '2026-11-29']);
  });

  it('resolves relative offsets in the local zone too', () => {
    const r = parse('dentro de dos semanas tienen algo?', {
      ...REFERENCE_CONTEXT,
      now: lateFridayInBuenosAires,
    });
    expect(r.checkIn).toBe('2026-12-11');
  });

  it('rolls into the new year at local midnight', () => {
    const newYearsEve = new Date('2027-01-01T02:00:00Z'); // 23:00 on 31/12 in Buenos Aires
    const ctx = { ...REFERENCE_CONTEXT, now: newYearsEve };
    expect(parse('para mañana', ctx).checkIn).toBe('2027-01-01');
    expect(parse('para el 31 de diciembre', ctx).checkIn).toBe('2026-12-31');
    expect(parse('para el 30 de diciembre', ctx).checkIn).toBe('2027-12-30');
  });
});
