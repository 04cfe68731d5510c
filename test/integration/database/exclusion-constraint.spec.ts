import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, openTestDatabase, type TestDatabase } from '../../support/database.js';

const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const code = () =>
  `RES-${Array.from({ length: 6 }, () => CODE_ALPHABET[Math.floor(Math.random() * CODE_ALPHABET.length)]).join('')}`;

describe.each(DATABASE_KINDS)('reservations exclusion constraint on %s', (kind) => {
  let db: TestDatabase;
  let placeId: string;

  const insert = (checkIn: string, checkOut: string, status = 'pre_reserved') =>
    db.orm.em.fork().execute(
      `insert into reservations (code, accommodation_id, guest_phone, check_in, check_out, guests_count,
         total_price, deposit_amount, status)
       values (?, ?, '5491155550001', ?, ?, 2, '100000.00', '30000.00', ?)`,
      [code(), placeId, checkIn, checkOut, status],
    );
  const sqlState = async (promise: Promise<unknown>) => {
    try {
      await promise;
      return 'ok';
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    const [row] = await db.orm.em.fork().execute<{ id: string }[]>(
      `insert into accommodations (slug, name, capacity, nightly_price, ical_export_token)
       values (?, 'Test place', 4, '50000.00', ?) returning id`,
      [`test-${randomUUID().slice(0, 8)}`, randomUUID()],
    );
    placeId = row.id;
  });

  it('rejects two overlapping active stays with SQLSTATE 23P01', async () => {
    await insert('2027-03-10', '2027-03-15');
    expect(await sqlState(insert('2027-03-12', '2027-03-13'))).toBe('23P01');
    expect(await sqlState(insert('2027-03-14', '2027-03-20', 'confirmed'))).toBe('23P01');
    expect(await sqlState(insert('2027-03-01', '2027-03-11'))).toBe('23P01');
  });

  it('accepts back-to-back stays (check-out day = next check-in)', async () => {
    await insert('2027-04-10', '2027-04-15');
    expect(await sqlState(insert('2027-04-15', '2027-04-18'))).toBe('ok');
    expect(await sqlState(insert('2027-04-05', '2027-04-10'))).toBe('ok');
  });

  it('lets cancelled and expired stays free their dates', async () => {
    await insert('2027-05-10', '2027-05-15', 'cancelled');
    await insert('2027-05-10', '2027-05-15', 'expired');
    expect(await sqlState(insert('2027-05-10', '2027-05-15'))).toBe('ok');
  });

  it('refuses a stay whose check-out is not after its check-in', async () => {
    expect(await sqlState(insert('2027-06-10', '2027-06-10'))).toBe('23514');
  });

  it('does not let one place block another', async () => {
    await insert('2027-07-10', '2027-07-15');
    const other = placeId;
    const [row] = await db.orm.em.fork().execute<{ id: string }[]>(
      `insert into accommodations (slug, name, capacity, nightly_price, ical_export_token)
       values (?, 'Other', 2, '1.00', ?) returning id`,
      [`test-${randomUUID().slice(0, 8)}`, randomUUID()],
    );
    placeId = row.id;
    expect(await sqlState(insert('2027-07-10', '2027-07-15'))).toBe('ok');
    placeId = other;
  });
});
