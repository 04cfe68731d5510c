import type { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { ReservationRecord, ReservationSource } from './domain/reservation-record.js';
import { ACTIVE_STATUSES, type ReservationStatus } from './domain/reservation-status.js';

/** Columns of a reservation joined with its place, shaped for `toRecord`. */
const RECORD_COLUMNS = `
  r.id, r.code, r.status, r.guest_phone, r.guest_name,
  to_char(r.check_in, 'YYYY-MM-DD') as check_in, to_char(r.check_out, 'YYYY-MM-DD') as check_out,
  (r.check_out - r.check_in) as nights, r.guests_count,
  r.total_price::text as total_price, r.deposit_amount::text as deposit_amount, r.currency, r.source,
  r.expires_at, r.confirmed_at, r.cancelled_at, r.expired_at, r.created_at,
  a.id as accommodation_id, a.slug as accommodation_slug, a.name as accommodation_name,
  a.timezone as accommodation_timezone`;

const ACTIVE_LIST = ACTIVE_STATUSES.map((s) => `'${s}'`).join(', ');
/** A reservation of alias `r` still holding its dates: the SQL twin of the domain's `isLive`. */
const LIVE = `r.status in (${ACTIVE_LIST}) and (r.status = 'confirmed' or r.expires_at > now())`;

interface RecordRow {
  id: string;
  code: string;
  status: ReservationStatus;
  guest_phone: string;
  guest_name: string | null;
  check_in: string;
  check_out: string;
  nights: number | string;
  guests_count: number;
  total_price: string;
  deposit_amount: string;
  currency: string;
  source: ReservationSource;
  expires_at: Date | string | null;
  confirmed_at: Date | string | null;
  cancelled_at: Date | string | null;
  expired_at: Date | string | null;
  created_at: Date | string;
  accommodation_id: string;
  accommodation_slug: string;
  accommodation_name: string;
  accommodation_timezone: string;
}

const toDate = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toRecord(row: RecordRow): ReservationRecord {
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    accommodation: {
      id: row.accommodation_id,
      slug: row.accommodation_slug,
      name: row.accommodation_name,
      timezone: row.accommodation_timezone,
    },
    guestPhone: row.guest_phone,
    guestName: row.guest_name,
    checkIn: row.check_in,
    checkOut: row.check_out,
    nights: Number(row.nights),
    guestsCount: row.guests_count,
    totalPrice: row.total_price,
    depositAmount: row.deposit_amount,
    currency: row.currency.trim(),
    source: row.source,
    expiresAt: toDate(row.expires_at),
    confirmedAt: toDate(row.confirmed_at),
    cancelledAt: toDate(row.cancelled_at),
    expiredAt: toDate(row.expired_at),
    createdAt: toDate(row.created_at)!,
  };
}

export interface BookablePlace {
  id: string;
  slug: string;
  name: string;
  capacity: number;
  nightlyPrice: string;
  depositPercent: string | null;
  currency: string;
  timezone: string;
}

export interface NewHold {
  code: string;
  accommodationId: string;
  guestPhone: string;
  guestName: string | null;
  checkIn: string;
  checkOut: string;
  guestsCount: number;
  totalPrice: string;
  depositAmount: string;
  currency: string;
  source: ReservationSource;
  holdMinutes: number;
}

export interface TakenRange {
  accommodationId: string;
  startDate: string;
  endDate: string;
}

export interface ReservationFilter {
  status?: ReservationStatus;
  accommodationSlug?: string;
  /** Stays that share at least one night with [from, to). */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/** Every SQL statement of the reservations table; each runs on the EntityManager it is given. */
@Injectable()
export class ReservationsRepository {
  async bookablePlaces(
    em: EntityManager,
    options: { slug?: string; minCapacity?: number } = {},
  ): Promise<BookablePlace[]> {
    const rows = await em.execute<
      {
        id: string;
        slug: string;
        name: string;
        capacity: number;
        nightly_price: string;
        deposit_percent: string | null;
        currency: string;
        timezone: string;
      }[]
    >(
      `select id, slug, name, capacity, nightly_price::text as nightly_price,
              deposit_percent::text as deposit_percent, currency, timezone
         from accommodations a
        where active and (?::text is null or slug = ?) and capacity >= ?
        order by a.nightly_price, slug`, // qualified: the output column of that name is text
      [options.slug ?? null, options.slug ?? null, options.minCapacity ?? 0],
    );
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      capacity: r.capacity,
      nightlyPrice: r.nightly_price,
      depositPercent: r.deposit_percent,
      currency: r.currency.trim(),
      timezone: r.timezone,
    }));
  }

  /**
   * Lapsed holds of one place become `expired`, so they stop holding dates before a new insert;
   * returns them (their guests are told). A lapsed hold the expiry job holds locked is waited for,
   * and then no longer matches: each hold is expired by exactly one transaction.
   */
  async expireLapsedHolds(em: EntityManager, accommodationId: string): Promise<ReservationRecord[]> {
    const rows = await em.execute<RecordRow[]>(
      `with changed as (
         update reservations set status = 'expired', expired_at = now(), updated_at = now()
          where accommodation_id = ? and status = 'pre_reserved' and expires_at <= now()
          returning *)
       select ${RECORD_COLUMNS} from changed r join accommodations a on a.id = r.accommodation_id`,
      [accommodationId],
    );
    return rows.map(toRecord);
  }

  /** Plain INSERT: the exclusion constraint, not this code, rejects an overlap (SQLSTATE 23P01). */
  async insertHold(em: EntityManager, hold: NewHold): Promise<void> {
    await em.execute(
      `insert into reservations (code, accommodation_id, guest_phone, guest_name, check_in, check_out,
         guests_count, total_price, deposit_amount, currency, status, source, expires_at)
       values (?, ?, ?, ?, ?::date, ?::date, ?, ?::numeric, ?::numeric, ?, 'pre_reserved', ?,
               now() + make_interval(mins => ?))`,
      [
        hold.code,
        hold.accommodationId,
        hold.guestPhone,
        hold.guestName,
        hold.checkIn,
        hold.checkOut,
        hold.guestsCount,
        hold.totalPrice,
        hold.depositAmount,
        hold.currency,
        hold.source,
        hold.holdMinutes,
      ],
    );
  }

  /**
   * Compare-and-set: the row changes only if its status is still one of `from`. Two concurrent
   * transitions serialise on the row lock and the loser re-reads a status that no longer matches.
   */
  async transition(
    em: EntityManager,
    code: string,
    from: readonly ReservationStatus[],
    to: ReservationStatus,
    guestPhone?: string,
  ): Promise<ReservationRecord | null> {
    const stamp = { confirmed: 'confirmed_at', cancelled: 'cancelled_at', expired: 'expired_at' }[
      to as 'confirmed' | 'cancelled' | 'expired'
    ];
    if (!stamp) throw new Error(`No transition into ${to}`);
    const rows = await em.execute<RecordRow[]>(
      `with changed as (
         update reservations set status = ?, ${stamp} = now(), updated_at = now()
          where code = ? and status = any(string_to_array(?, ',')) and (?::text is null or guest_phone = ?)
          returning *)
       select ${RECORD_COLUMNS} from changed r join accommodations a on a.id = r.accommodation_id`,
      [to, code, from.join(','), guestPhone ?? null, guestPhone ?? null],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /**
   * The party size of an active reservation, if the place sleeps that many: null when no active
   * reservation of that code (and guest, when given) exists or it would not fit. The price is per night,
   * whatever the party size, so nothing else changes.
   */
  async setGuests(
    em: EntityManager,
    code: string,
    guests: number,
    guestPhone?: string,
  ): Promise<ReservationRecord | null> {
    const rows = await em.execute<RecordRow[]>(
      `with changed as (
         update reservations r set guests_count = ?, updated_at = now()
           from accommodations a
          where r.code = ? and ${LIVE} and a.id = r.accommodation_id and a.capacity >= ?
            and (?::text is null or r.guest_phone = ?)
          returning r.*)
       select ${RECORD_COLUMNS} from changed r join accommodations a on a.id = r.accommodation_id`,
      [guests, code, guests, guestPhone ?? null, guestPhone ?? null],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** How many guests a place sleeps, whether or not it still takes bookings. */
  async capacityOf(em: EntityManager, accommodationId: string): Promise<number | null> {
    const [row] = await em.execute<{ capacity: number }[]>(
      'select capacity from accommodations where id = ?',
      [accommodationId],
    );
    return row ? Number(row.capacity) : null;
  }

  /**
   * One set-based UPDATE for the expiry job, over at most `limit` lapsed holds. The rows are picked
   * `FOR UPDATE SKIP LOCKED`, so replicas running it at once split the due holds between them
   * instead of queueing on each other, and each hold is expired (and its guest told) by one of them.
   */
  async expireDue(em: EntityManager, now: Date, limit: number): Promise<ReservationRecord[]> {
    const rows = await em.execute<RecordRow[]>(
      `with due as (
         select id from reservations
          where status = 'pre_reserved' and expires_at <= ?::timestamptz
          order by expires_at
          limit ?
          for update skip locked),
       changed as (
         update reservations r set status = 'expired', expired_at = now(), updated_at = now()
           from due
          where r.id = due.id and r.status = 'pre_reserved'
          returning r.*)
       select ${RECORD_COLUMNS} from changed r join accommodations a on a.id = r.accommodation_id`,
      [now.toISOString(), limit],
    );
    return rows.map(toRecord);
  }

  async findByCode(em: EntityManager, code: string): Promise<ReservationRecord | null> {
    const rows = await em.execute<RecordRow[]>(
      `select ${RECORD_COLUMNS} from reservations r join accommodations a on a.id = r.accommodation_id
        where r.code = ?`,
      [code],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** A guest's holds and bookings that still matter (active, not yet checked out), soonest first. */
  async findActiveForPhone(em: EntityManager, phone: string): Promise<ReservationRecord[]> {
    const rows = await em.execute<RecordRow[]>(
      `select ${RECORD_COLUMNS} from reservations r join accommodations a on a.id = r.accommodation_id
        where r.guest_phone = ? and ${LIVE}
          and r.check_out >= (now() at time zone a.timezone)::date
        order by r.check_in, r.created_at`,
      [phone],
    );
    return rows.map(toRecord);
  }

  async list(
    em: EntityManager,
    filter: ReservationFilter,
  ): Promise<{ items: ReservationRecord[]; total: number }> {
    const where = `
      (?::text is null or r.status = ?)
      and (?::text is null or a.slug = ?)
      and (?::date is null or r.check_out > ?::date)
      and (?::date is null or r.check_in < ?::date)`;
    const params = [
      filter.status ?? null,
      filter.status ?? null,
      filter.accommodationSlug ?? null,
      filter.accommodationSlug ?? null,
      filter.from ?? null,
      filter.from ?? null,
      filter.to ?? null,
      filter.to ?? null,
    ];
    const [{ total }] = await em.execute<{ total: string }[]>(
      `select count(*)::text as total from reservations r join accommodations a on a.id = r.accommodation_id
        where ${where}`,
      params,
    );
    const rows = await em.execute<RecordRow[]>(
      `select ${RECORD_COLUMNS} from reservations r join accommodations a on a.id = r.accommodation_id
        where ${where}
        order by r.check_in desc, r.created_at desc
        limit ? offset ?`,
      [...params, filter.limit, filter.offset],
    );
    return { items: rows.map(toRecord), total: Number(total) };
  }

  /** Dates held by reservations in a window: confirmed ones, and holds that have not lapsed. */
  async takenRanges(
    em: EntityManager,
    accommodationIds: readonly string[],
    from: string,
    to: string,
  ): Promise<TakenRange[]> {
    if (accommodationIds.length === 0) return [];
    const rows = await em.execute<{ accommodation_id: string; check_in: string; check_out: string }[]>(
      `select accommodation_id, to_char(check_in, 'YYYY-MM-DD') as check_in,
              to_char(check_out, 'YYYY-MM-DD') as check_out
         from reservations
        where accommodation_id::text = any(string_to_array(?, ','))
          and status in (${ACTIVE_LIST})
          and (status = 'confirmed' or expires_at > now())
          and daterange(check_in, check_out, '[)') && daterange(?::date, ?::date, '[)')`,
      [accommodationIds.join(','), from, to],
    );
    return rows.map((r) => ({
      accommodationId: r.accommodation_id,
      startDate: r.check_in,
      endDate: r.check_out,
    }));
  }
}
