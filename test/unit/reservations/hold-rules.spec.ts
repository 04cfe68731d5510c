import { validateGuests, validateStayDates } from '../../../src/reservations/domain/hold-rules.js';
import { addDays, nightsBetween, todayIn } from '../../../src/reservations/domain/stay-dates.js';
import { ReservationError } from '../../../src/reservations/reservation.errors.js';

const TZ = 'America/Argentina/Buenos_Aires';
// 2027-01-10 23:30 in Buenos Aires (UTC-3) is already 2027-01-11 in UTC.
const NOW = new Date('2027-01-11T02:30:00Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof ReservationError ? error.code : 'unexpected';
  }
}

describe('validateStayDates', () => {
  it('judges "today" in the place\'s timezone', () => {
    expect(todayIn(TZ, NOW)).toBe('2027-01-10');
    expect(validateStayDates({ checkIn: '2027-01-10', checkOut: '2027-01-12' }, TZ, NOW)).toBe(2);
    expect(
      codeOf(() => validateStayDates({ checkIn: '2027-01-10', checkOut: '2027-01-12' }, 'Asia/Tokyo', NOW)),
    ).toBe('invalid_dates');
  });

  it.each([
    ['check-out equal to check-in', '2027-02-01', '2027-02-01'],
    ['check-out before check-in', '2027-02-05', '2027-02-01'],
    ['check-in in the past', '2027-01-09', '2027-01-12'],
    ['more than 365 days ahead', addDays('2027-01-10', 366), addDays('2027-01-10', 368)],
    ['more than 30 nights', '2027-02-01', '2027-03-04'],
    ['a date that does not exist', '2027-02-30', '2027-03-02'],
    ['a malformed date', '2027-2-3', '2027-02-05'],
  ])('rejects %s as invalid_dates', (_label, checkIn, checkOut) => {
    expect(codeOf(() => validateStayDates({ checkIn, checkOut }, TZ, NOW))).toBe('invalid_dates');
  });

  it('accepts the edges: 30 nights, exactly 365 days ahead', () => {
    expect(validateStayDates({ checkIn: '2027-02-01', checkOut: '2027-03-03' }, TZ, NOW)).toBe(30);
    const far = addDays('2027-01-10', 365);
    expect(validateStayDates({ checkIn: far, checkOut: addDays(far, 1) }, TZ, NOW)).toBe(1);
  });
});

describe('validateGuests', () => {
  it('allows up to the capacity', () => {
    expect(codeOf(() => validateGuests(4, 4))).toBeUndefined();
    expect(codeOf(() => validateGuests(5, 4))).toBe('capacity_exceeded');
    expect(codeOf(() => validateGuests(0, 4))).toBe('invalid_guests');
    expect(codeOf(() => validateGuests(1.5, 4))).toBe('invalid_guests');
  });
});

describe('stay dates', () => {
  it('count nights across month, year and DST-free boundaries', () => {
    expect(nightsBetween('2027-12-30', '2028-01-02')).toBe(3);
    expect(nightsBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(addDays('2027-03-01', -1)).toBe('2027-02-28');
  });
});
