import { toErrorResponse } from '../../../src/common/errors/to-error-response.js';
import {
  capacityExceeded,
  dateOverlap,
  invalidDates,
  invalidTransition,
  noAvailability,
  notFound,
} from '../../../src/reservations/reservation.errors.js';

describe('reservation errors over HTTP', () => {
  it.each([
    [dateOverlap(), 409, 'date_overlap'],
    [noAvailability('x'), 409, 'no_availability'],
    [invalidTransition('expired', 'confirmed'), 409, 'invalid_transition'],
    [invalidDates('bad', 'order'), 422, 'invalid_dates'],
    [capacityExceeded(4), 422, 'capacity_exceeded'],
    [notFound('Reservation RES-2222AA'), 404, 'not_found'],
  ])('%s → %i', (error, status, code) => {
    const response = toErrorResponse(error);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: code, message: expect.any(String) });
    expect(response.unexpected).toBe(false);
  });
});
