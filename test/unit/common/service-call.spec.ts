import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { ServiceCall } from '../../../src/common/logging/service-call.js';
import { maskPhone } from '../../../src/common/logging/redaction.js';
import { AppError } from '../../../src/common/errors/app-error.js';

class Taken extends AppError<'date_overlap'> {
  readonly httpStatus = 409;
  constructor() {
    super('date_overlap', 'taken');
  }
}

class Bookings {
  calls = 0;

  @ServiceCall('create_reservation', (phone: string) => ({ guest_phone: maskPhone(phone) }))
  async create(phone: string, fail?: 'domain' | 'crash'): Promise<string> {
    this.calls++;
    if (fail === 'domain') throw new Taken();
    if (fail === 'crash') throw new TypeError(`boom for ${phone}`);
    return `ok:${phone}`;
  }
}

describe('@ServiceCall', () => {
  let entries: { level: string; fields: Record<string, unknown>; message: string }[];

  beforeEach(() => {
    entries = [];
    for (const level of ['log', 'warn', 'error'] as const) {
      jest.spyOn(Logger.prototype, level).mockImplementation((fields: unknown, message?: unknown) => {
        entries.push({ level, fields: fields as Record<string, unknown>, message: message as string });
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());

  it('logs started and completed with duration and success, phone masked, and returns the result', async () => {
    const bookings = new Bookings();
    await expect(bookings.create('5491155550001')).resolves.toBe('ok:5491155550001');
    expect(bookings.calls).toBe(1);
    expect(entries.map((e) => e.message)).toEqual([
      'create_reservation_started',
      'create_reservation_completed',
    ]);
    expect(entries[1].fields).toMatchObject({ success: true, duration_ms: expect.any(Number) });
    expect(JSON.stringify(entries)).not.toContain('5491155550001');
    expect(entries[0].fields.guest_phone).toBe(maskPhone('5491155550001'));
  });

  it('logs failed with the error code and type, and rethrows the same error', async () => {
    const bookings = new Bookings();
    await expect(bookings.create('5491155550001', 'domain')).rejects.toBeInstanceOf(Taken);
    const failed = entries.find((e) => e.message === 'create_reservation_failed')!;
    expect(failed.level).toBe('warn');
    expect(failed.fields).toMatchObject({ error: 'date_overlap', error_type: 'Taken', success: false });
    expect(failed.fields.duration_ms).toEqual(expect.any(Number));
  });

  it('logs unexpected failures at error level with their message', async () => {
    await expect(new Bookings().create('5491155550001', 'crash')).rejects.toThrow('boom for 5491155550001');
    const failed = entries.find((e) => e.message === 'create_reservation_failed')!;
    expect(failed).toMatchObject({
      level: 'error',
      fields: { error: `boom for ${maskPhone('5491155550001')}`, error_type: 'TypeError' },
    });
  });
});
