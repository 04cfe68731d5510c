import { AppError } from '../common/errors/app-error.js';
import { assertNever } from '../common/assert-never.js';

export type CalendarErrorCode = 'not_found' | 'feed_exists' | 'sync_in_progress' | 'feed_address_not_allowed';

export function calendarHttpStatus(code: CalendarErrorCode): number {
  switch (code) {
    case 'not_found':
      return 404;
    case 'feed_address_not_allowed':
      return 400;
    case 'feed_exists':
    case 'sync_in_progress':
      return 409;
    default:
      return assertNever(code);
  }
}

export class CalendarError extends AppError<CalendarErrorCode> {
  get httpStatus(): number {
    return calendarHttpStatus(this.code);
  }
}

export const calendarNotFound = (what: string) => new CalendarError('not_found', `${what} not found`);
export const feedExists = () =>
  new CalendarError('feed_exists', 'This accommodation already imports a feed with that URL');
export const syncInProgress = () =>
  new CalendarError('sync_in_progress', 'Another runner is syncing this feed; try again shortly');
export const feedAddressNotAllowed = (why: string) =>
  new CalendarError(
    'feed_address_not_allowed',
    `The feed URL cannot be used: ${why}. Only addresses on the public internet can be imported.`,
  );
