import { randomBytes, randomInt } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { AccommodationsService } from '../../src/reservations/accommodations.service.js';
import { addDays, todayIn } from '../../src/reservations/domain/stay-dates.js';
import type { CreateAccommodationDto } from '../../src/reservations/dto/accommodation.dto.js';
import type { TestApp } from './test-app.js';

export const PLACE_TZ = 'America/Argentina/Buenos_Aires';

/** A date `days` from today at the place (dates are strings end to end). */
export function inDays(days: number): string {
  return addDays(todayIn(PLACE_TZ, new Date()), days);
}

/** A fresh accommodation with a random slug, so runs on a shared database never collide. */
export async function createPlace(t: TestApp, overrides: Partial<CreateAccommodationDto> = {}) {
  return t.app.get(AccommodationsService).create({
    slug: `test-${randomBytes(5).toString('hex')}`,
    name: 'Cabaña de prueba',
    capacity: 4,
    nightly_price: '85500.50',
    deposit_percent: 30,
    ...overrides,
  });
}

export function randomPhone(): string {
  return `54911${randomInt(10_000_000, 99_999_999)}`;
}

/** An imported iCal block on a place (end date exclusive). */
export async function addExternalBlock(t: TestApp, accommodationId: string, start: string, end: string) {
  const em = t.app.get(MikroORM).em.fork();
  const [feed] = await em.execute<{ id: string }[]>(
    // Inactive and on a closed loopback port: a running sync job never fetches it.
    `insert into ical_feeds (accommodation_id, url, active) values (?, ?, false) returning id`,
    [accommodationId, `http://127.0.0.1:9/${randomBytes(6).toString('hex')}.ics`],
  );
  await em.execute(
    `insert into external_blocks (feed_id, accommodation_id, uid, start_date, end_date) values (?, ?, ?, ?, ?)`,
    [feed.id, accommodationId, `uid-${randomBytes(6).toString('hex')}`, start, end],
  );
}

/** Reservation rows of one place, straight from the table. */
export async function rowsOf(t: TestApp, accommodationId: string) {
  return t.app
    .get(MikroORM)
    .em.fork()
    .execute<{ code: string; status: string }[]>(
      `select code, status from reservations where accommodation_id = ? order by created_at`,
      [accommodationId],
    );
}

/** Throws unless the promise rejects; returns the error's domain code. */
export async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `unexpected: ${(error as Error).message}`;
  }
  throw new Error('expected a rejection');
}
