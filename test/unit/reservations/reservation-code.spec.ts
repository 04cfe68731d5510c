import {
  CODE_ALPHABET,
  CODE_PATTERN,
  newReservationCode,
  normalizeCode,
} from '../../../src/reservations/domain/reservation-code.js';

describe('reservation codes', () => {
  it('are RES- plus six characters of the unambiguous alphabet', () => {
    for (let i = 0; i < 1000; i++) expect(newReservationCode()).toMatch(CODE_PATTERN);
    expect(CODE_ALPHABET).not.toMatch(/[01IO]/);
    expect(CODE_ALPHABET).toHaveLength(32);
  });

  it('spread over the whole alphabet and rarely repeat', () => {
    const codes = Array.from({ length: 5000 }, newReservationCode);
    expect(new Set(codes).size).toBeGreaterThan(4990);
    const used = new Set(codes.flatMap((c) => c.slice(4).split('')));
    expect(used.size).toBe(32);
  });

  it('normalises what people type', () => {
    expect(normalizeCode('  res-7k3m9q ')).toBe('RES-7K3M9Q');
  });
});
