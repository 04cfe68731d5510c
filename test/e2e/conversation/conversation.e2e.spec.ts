import { EntityManager } from '@mikro-orm/postgresql';
import { FORBIDDEN_WORDS } from '../../../src/conversation/guest-texts.js';
import { seedDemoAccommodations } from '../../../src/database/seed.js';
import { ReservationsService } from '../../../src/reservations/reservations.service.js';
import { FakeWhatsAppApi } from '../../../src/sandbox/fake-whatsapp-api.js';
import { sql } from '../../support/db.js';
import { dropIsolatedDatabases, isolatedDatabaseUrl } from '../../support/isolated-database.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';
import {
  eventually,
  messageWebhook,
  randomGuestPhone,
  postWebhook,
  textWebhook,
} from '../../support/whatsapp-webhooks.js';

/** The reservation code a reply carries. */
const codeIn = (text: string) => /RES-[A-Z0-9]{6}/.exec(text)![0];

const FORBIDDEN = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');

type Sent = { type: string; text?: { body: string }; image?: { link: string; caption?: string } };

describe('conversation over WhatsApp', () => {
  let fake: FakeWhatsAppApi;
  let t: TestApp;

  beforeAll(async () => {
    fake = new FakeWhatsAppApi('sandbox-access-token');
    await fake.start();
    t = await startTestApp({
      env: {
        DATABASE_URL: await isolatedDatabaseUrl(),
        WHATSAPP_API_URL: fake.url,
        OUTBOX_DISPATCH_INTERVAL_MS: '100',
        INBOX_SWEEP_INTERVAL_MS: '100',
        HOLD_MINUTES: '45',
        DEPOSIT_PERCENT: '30',
      },
    });
    // The embedded database seeds itself; a fresh real one does not.
    await seedDemoAccommodations(t.app.get(EntityManager).fork());
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
    await dropIsolatedDatabases();
  });

  const repliesTo = (phone: string) => fake.sentMessages.filter((m) => m.to === `+${phone}`) as Sent[];
  const body = (m: Sent) =>
    (m.type === 'text' ? m.text!.body : (m.image?.caption ?? '')).replace(/\u00a0/g, ' ');

  /** Sends one message and waits for `expected` new replies to it. */
  async function say(
    phone: string,
    content: string | Record<string, unknown>,
    expected = 1,
  ): Promise<Sent[]> {
    const before = repliesTo(phone).length;
    const payload =
      typeof content === 'string' ? textWebhook(phone, content) : messageWebhook(phone, content);
    expect(await postWebhook(t.app, payload)).toBe(200);
    await eventually(() => repliesTo(phone).length >= before + expected);
    const replies = repliesTo(phone).slice(before);
    for (const reply of replies) expect(body(reply)).not.toMatch(FORBIDDEN);
    return replies;
  }
  const sayText = async (phone: string, text: string) => {
    const [reply] = await say(phone, text);
    expect(reply.type).toBe('text');
    return body(reply);
  };

  it('"hola" gets the menu', async () => {
    const text = await sayText(randomGuestPhone(), 'hola');
    expect(text).toMatch(/Hola/);
    expect(text).toMatch(/disponibilidad/i);
    expect(text).toMatch(/Reservar/);
  });

  it('availability with dates and guests lists the free places with prices', async () => {
    const text = await sayText(randomGuestPhone(), '¿tenés libre del 10 al 13 de marzo de 2027 para 2?');
    expect(text).toContain('del 10/03/2027 al 13/03/2027');
    expect(text).toContain('Depto Centro*: $ 52.000 por noche × 3 noches = $ 156.000');
    expect(text).toContain('Cabaña del Lago*: $ 85.000 por noche × 3 noches = $ 255.000');
    expect(text).toContain('Casa del Bosque*: $ 140.000 por noche × 3 noches = $ 420.000');
  });

  it('availability of a named place sends its photo, then the price', async () => {
    const [photo, text] = await say(
      randomGuestPhone(),
      '¿tenés libre la cabaña del lago del 7 al 9 de marzo de 2027? somos 4',
      2,
    );
    expect(photo).toMatchObject({
      type: 'image',
      image: {
        link: 'https://estadia.example/photos/cabana-del-lago/deck.jpg',
        caption: '📸 *Cabaña del Lago*',
      },
    });
    expect(body(text)).toContain('Cabaña del Lago*: $ 85.000 por noche × 2 noches = $ 170.000');
    expect(body(text)).toContain('¿Querés que te guarde *Cabaña del Lago*?');
  });

  it('asks for what is missing and keeps what was already said', async () => {
    const phone = randomGuestPhone();
    expect(await sayText(phone, '¿tenés libre del 10 al 13 de marzo de 2027?')).toMatch(/cuántas personas/);
    const text = await sayText(phone, 'para 8');
    expect(text).toContain('Casa del Bosque');
    expect(text).not.toContain('Depto Centro');
  });

  it('info of a place: the primary photo with its caption, then the text', async () => {
    const [photo, info] = await say(randomGuestPhone(), 'info de la cabaña del lago', 2);
    expect(photo).toMatchObject({
      type: 'image',
      image: {
        link: 'https://estadia.example/photos/cabana-del-lago/deck.jpg',
        caption: '📸 *Cabaña del Lago*',
      },
    });
    expect(info.type).toBe('text');
    expect(body(info)).toContain('Hasta 4 personas');
    expect(body(info)).toContain('$ 85.000 por noche');
    expect(body(info)).toContain('frente al lago');
    expect(body(info)).toMatch(/fechas/);
  });

  it('info of a place without a primary photo sends the lowest-order one', async () => {
    const [photo, info] = await say(randomGuestPhone(), 'info del depto centro', 2);
    expect(photo).toMatchObject({
      type: 'image',
      image: { link: 'https://estadia.example/photos/depto-centro/living.jpg', caption: '📸 *Depto Centro*' },
    });
    expect(body(info)).toContain('Depto Centro');
  });

  it('reserving after an availability answer holds the place and confirms every detail', async () => {
    const phone = randomGuestPhone();
    await sayText(phone, '¿tenés libre del 5 al 8 de abril de 2027 para 3?');
    const text = await sayText(phone, 'reservá la del lago');
    const [row] = await sql<{ code: string; status: string; source: string; deposit_amount: string }>(
      t,
      `select code, status, source, deposit_amount::text as deposit_amount from reservations where guest_phone = ?`,
      [phone],
    );
    expect(row).toMatchObject({ status: 'pre_reserved', source: 'whatsapp', deposit_amount: '76500.00' });
    // The deposit link is the checkout of a MercadoPago preference (the sandbox fake's, here).
    const [payment] = await sql<{ checkout_url: string; amount: string; status: string }>(
      t,
      `select p.checkout_url, p.amount::text as amount, p.status from payments p
         join reservations r on r.id = p.reservation_id where r.code = ? and p.payment_id is null`,
      [row.code],
    );
    expect(payment).toMatchObject({ amount: '76500.00', status: 'pending' });
    expect(payment.checkout_url).toMatch(/\/api\/v1\/sandbox\/checkout\/1234567890-/);
    for (const part of [
      row.code,
      'Cabaña del Lago',
      'Llegada: 05/04/2027',
      'Salida: 08/04/2027',
      '3 personas',
      'Total: $ 255.000',
      'Seña: $ 76.500',
      payment.checkout_url,
      '45 minutos',
      '¿Te ayudo con algo más?',
    ]) {
      expect(text).toContain(part);
    }

    // The same guest can ask about it, get the link again and cancel it; another guest cannot.
    const status = await sayText(phone, 'estado de mi reserva');
    expect(status).toContain(row.code);
    // A hold says when it lapses (in the place's time) and carries the link again.
    const [{ expires }] = await sql<{ expires: string }>(
      t,
      `select to_char(expires_at at time zone 'America/Argentina/Buenos_Aires', 'HH24:MI') as expires
         from reservations where code = ?`,
      [row.code],
    );
    expect(status).toContain(`vence a las ${expires}`);
    expect(status).toContain(payment.checkout_url);
    expect(await sayText(phone, `quiero pagar la seña de ${row.code}`)).toContain(payment.checkout_url);
    expect(await sayText(randomGuestPhone(), `cancelar ${row.code}`)).toMatch(/No encontré/);
    // Cancelling asks first: a question about cancelling reads the same as a request.
    expect(await sayText(phone, '¿si cancelo me devuelven la seña?')).toMatch(/Querés que cancele/);
    expect(await sayText(phone, 'no, solo preguntaba')).toMatch(/sigue en pie/);
    const [kept] = await sql<{ status: string }>(t, 'select status from reservations where code = ?', [
      row.code,
    ]);
    expect(kept.status).toBe('pre_reserved');
    expect(await sayText(phone, `quiero cancelar la reserva ${row.code}`)).toMatch(/Querés que cancele/);
    expect(await sayText(phone, 'sí')).toMatch(/cancelé/);
    const [after] = await sql<{ status: string }>(t, 'select status from reservations where code = ?', [
      row.code,
    ]);
    expect(after.status).toBe('cancelled');
  });

  const heldBy = async (phone: string) =>
    sql<{ slug: string; check_in: string; guests_count: number }>(
      t,
      `select a.slug, to_char(r.check_in, 'YYYY-MM-DD') as check_in, r.guests_count
         from reservations r join accommodations a on a.id = r.accommodation_id
        where r.guest_phone = ? and r.status = 'pre_reserved'`,
      [phone],
    );

  it('a guest who wants to book answers the questions one by one and gets the place they name', async () => {
    const phone = randomGuestPhone();
    expect(await sayText(phone, 'quiero reservar del 12 al 14 de abril de 2027')).toMatch(/cuántas personas/);
    // Several places are free: the bot asks which one, and the bare name is the answer.
    expect(await sayText(phone, 'somos 3')).toMatch(/Cuál querés reservar/);
    expect(await heldBy(phone)).toEqual([]);
    expect(await sayText(phone, 'la del lago')).toContain('Te guardé la pre-reserva');
    expect(await heldBy(phone)).toEqual([
      { slug: 'cabana-del-lago', check_in: '2027-04-12', guests_count: 3 },
    ]);
  });

  it('a bare number answers "how many?" and books the place asked for', async () => {
    const phone = randomGuestPhone();
    expect(await sayText(phone, 'reservame la cabaña del 3 al 7 de mayo de 2027')).toMatch(
      /cuántas personas/,
    );
    expect(await sayText(phone, 'dos')).toContain('Te guardé la pre-reserva');
    expect(await heldBy(phone)).toEqual([
      { slug: 'cabana-del-lago', check_in: '2027-05-03', guests_count: 2 },
    ]);
    // Out of that context a bare number is not understood as anything.
    expect(await sayText(randomGuestPhone(), '2')).toMatch(/no te entendí/);
  });

  it('naming a place right after the list of free ones books it; asking about it does not', async () => {
    const phone = randomGuestPhone();
    expect(await sayText(phone, 'tenés libre del 20 al 22 de abril de 2027 para 2?')).toContain(
      'Tengo lugar del 20/04/2027 al 22/04/2027 para 2 personas',
    );
    // A question about a listed place is answered, and does not hold it.
    const [, info] = await say(phone, 'fotos de la casa del bosque', 2);
    expect(body(info)).toContain('Casa del Bosque');
    expect(await heldBy(phone)).toEqual([]);

    await sayText(phone, 'tenés libre del 20 al 22 de abril de 2027 para 2?');
    expect(await sayText(phone, 'el depto')).toContain('Te guardé la pre-reserva');
    expect(await heldBy(phone)).toEqual([{ slug: 'depto-centro', check_in: '2027-04-20', guests_count: 2 }]);
  });

  it('the guest picks from the list by its order, or says yes to the only place offered', async () => {
    const byOrder = randomGuestPhone();
    const list = await sayText(byOrder, 'tenés libre del 24 al 26 de abril de 2027 para 2?');
    const first = /• \*([^*]+)\*/.exec(list)![1];
    // Several places: a plain yes asks which one.
    expect(await sayText(byOrder, 'sí')).toMatch(/Cuál querés reservar/);
    expect(await sayText(byOrder, 'la primera')).toContain(`🏡 ${first}`);
    expect(await heldBy(byOrder)).toHaveLength(1);

    const onlyOne = randomGuestPhone();
    expect(await sayText(onlyOne, 'hay lugar del 24 al 26 de abril de 2027 para 7?')).toContain(
      '¿Querés que te guarde *Casa del Bosque*?',
    );
    expect(await sayText(onlyOne, 'dale')).toContain('Te guardé la pre-reserva');
    expect(await heldBy(onlyOne)).toEqual([
      { slug: 'casa-del-bosque', check_in: '2027-04-24', guests_count: 7 },
    ]);

    const declines = randomGuestPhone();
    await sayText(declines, 'hay lugar del 24 al 26 de abril de 2027 para 2?');
    expect(await sayText(declines, 'no, gracias')).toMatch(/otras fechas/);
    expect(await heldBy(declines)).toEqual([]);
  });

  it('a place named with no question pending is information, not a booking', async () => {
    const phone = randomGuestPhone();
    const [photo] = await say(phone, 'la del lago', 2);
    expect(photo.type).toBe('image');
    expect(await heldBy(phone)).toEqual([]);
  });

  it('a question about one feature is answered from the description, without guessing', async () => {
    const phone = randomGuestPhone();
    await say(phone, 'info de la casa del bosque', 2);
    const [pool] = await say(phone, '¿tiene pileta?');
    expect(pool.type).toBe('text');
    expect(body(pool)).toContain('¡Sí! *Casa del Bosque* tiene pileta');
    const pets = await sayText(phone, 'aceptan perros?');
    expect(pets).toContain('Sobre mascotas no tengo el dato');
    expect(pets).not.toMatch(/¡Sí!/);
    // No place named yet: which ones have it.
    expect(await sayText(randomGuestPhone(), 'cuál tiene cochera?')).toContain('Cochera: *Depto Centro*');
  });

  it('a group larger than every place is told so, not sent to other dates', async () => {
    const text = await sayText(randomGuestPhone(), 'somos 12, tienen algo del 2 al 5 de mayo de 2027?');
    expect(text).toContain('más grande es para 8 personas');
  });

  it('a taken place gets the friendly overlap text with alternatives', async () => {
    await sayText(
      randomGuestPhone(),
      'quiero reservar la cabaña del lago del 12 al 15 de abril de 2027 para 2',
    );
    const text = await sayText(
      randomGuestPhone(),
      'quiero reservar la cabaña del lago del 12 al 15 de abril de 2027 para 2',
    );
    expect(text).toContain('*Cabaña del Lago* ya está ocupada esas fechas');
    expect(text).toMatch(/(Depto Centro|Casa del Bosque): del 12\/04\/2027 al 15\/04\/2027/);
  });

  it("a new booking that runs into the guest's own is pointed at it, not at other places", async () => {
    const phone = randomGuestPhone();
    const held = await sayText(
      phone,
      'quiero reservar la cabaña del lago del 1 al 3 de junio de 2027 para 2',
    );
    const code = codeIn(held);
    const text = await sayText(phone, 'mejor reservame la cabaña del 2 al 4 de junio de 2027');
    expect(text).toContain(`Ya tenés la reserva *${code}* en Cabaña del Lago`);
    expect(text).toContain(`cancelar ${code}`);
  });

  it('a head count said after booking changes the booking, within what the place sleeps', async () => {
    const phone = randomGuestPhone();
    const held = await sayText(
      phone,
      'quiero reservar la casa del bosque del 7 al 9 de junio de 2027 para 4',
    );
    const code = codeIn(held);
    const changed = await sayText(phone, 'ah me olvidé, al final somos 6');
    expect(changed).toContain(`anoté 6 personas en tu reserva *${code}*`);
    expect(changed).toContain('del 07/06/2027 al 09/06/2027');
    expect((await sql(t, 'select guests_count from reservations where code = ?', [code]))[0]).toEqual({
      guests_count: 6,
    });
    expect(await sayText(phone, 'somos 6')).toContain(`ya es para 6 personas`);
    // A question about the place they booked does not offer to check whether it is free.
    const pool = await sayText(phone, '¿tiene pileta?');
    expect(pool).toContain('*Casa del Bosque* tiene pileta');
    expect(pool).toContain('¿Te ayudo con algo más?');
    expect(pool).not.toContain('si está libre');

    // Over the place's capacity: the booking stays as it was and bigger free places are offered.
    const cabin = randomGuestPhone();
    const small = await sayText(cabin, 'reservame el depto del 7 al 9 de junio de 2027 para 2');
    const smallCode = codeIn(small);
    const [tooBig, options] = await say(cabin, 'somos 3 en realidad', 2);
    expect(body(tooBig)).toContain(`*Depto Centro* es para 2 personas como máximo`);
    expect(body(tooBig)).toContain(`*${smallCode}* sigue para 2 personas`);
    expect(body(options)).toContain('Cabaña del Lago');
    expect((await sql(t, 'select guests_count from reservations where code = ?', [smallCode]))[0]).toEqual({
      guests_count: 2,
    });
  });

  it("asking for dates only the guest's own booking takes points at that booking", async () => {
    const phone = randomGuestPhone();
    const held = await sayText(
      phone,
      'quiero reservar la casa del bosque del 20 al 22 de junio de 2027 para 7',
    );
    const code = codeIn(held);
    const text = await sayText(phone, '¿tenés libre del 20 al 22 de junio de 2027 para 7?');
    expect(text).toContain(`Ya tenés la reserva *${code}* en Casa del Bosque`);
    // Another guest asking the same gets the usual answer.
    expect(await sayText(randomGuestPhone(), '¿tenés libre del 20 al 22 de junio de 2027 para 7?')).toMatch(
      /no me queda nada libre/,
    );
  });

  it('choosing among the offered places: how they differ, then "la más barata" books the cheapest', async () => {
    const phone = randomGuestPhone();
    const list = await sayText(phone, '¿tenés libre del 24 al 26 de julio de 2027 para 3?');
    expect(list).toContain('Cabaña del Lago');
    expect(list).toContain('Casa del Bosque');
    const compared = await sayText(phone, '¿cuál me conviene?');
    expect(compared).toContain('*Cabaña del Lago* (hasta 4 personas, $ 85.000 por noche): Cabaña de madera');
    expect(compared).toContain('*Casa del Bosque* (hasta 8 personas');
    const held = await sayText(phone, 'la más barata');
    expect(held).toContain('Te guardé la pre-reserva');
    expect(held).toContain('Cabaña del Lago');
    expect(held).toContain('3 personas');
  });

  it('a hold moves to new dates when asked: a new pre-reservation replaces it, or it stays as it was', async () => {
    const phone = randomGuestPhone();
    const first = codeIn(await sayText(phone, 'reservame el depto del 9 al 11 de agosto de 2027 para 2'));
    const asked = await sayText(phone, 'quiero cambiar las fechas de mi reserva');
    expect(asked).toContain(`¿A qué fechas querés pasar tu reserva *${first}*`);
    const moved = await sayText(phone, 'del 10 al 13 de agosto de 2027');
    const second = /código \*(RES-[A-Z0-9]{6})\*/.exec(moved)![1];
    expect(moved).toContain(`la *${first}* quedó sin efecto`);
    expect(moved).toContain('Llegada: 10/08/2027');
    expect(moved).toContain('Salida: 13/08/2027');
    expect(moved).toContain('Total: $ 156.000');
    expect(moved).toMatch(/pagá la seña acá: http/);
    const statuses = await sql<{ code: string; status: string }>(
      t,
      'select code, status from reservations where code in (?, ?) order by created_at',
      [first, second],
    );
    expect(statuses).toEqual([
      { code: first, status: 'cancelled' },
      { code: second, status: 'pre_reserved' },
    ]);

    // Dates it cannot take: said kindly, and the question stays open.
    expect(await sayText(phone, 'quiero pasar mi reserva para el 10 al 12 de agosto de 2029')).toContain(
      'hasta un año adelante',
    );
    const stillAsked = await sayText(phone, 'del 11 al 13 de agosto de 2027');
    const moved2 = /código \*(RES-[A-Z0-9]{6})\*/.exec(stillAsked)![1];
    expect(stillAsked).toContain(`la *${second}* quedó sin efecto`);

    // Dates someone else holds: the hold stays, and the question stays open for other dates.
    await sayText(randomGuestPhone(), 'reservame el depto del 20 al 22 de agosto de 2027 para 2');
    const taken = await sayText(phone, 'me equivoqué de fecha, era del 20 al 22 de agosto de 2027');
    expect(taken).toContain('esas fechas no están libres');
    expect(taken).toContain(`Tu reserva *${moved2}* sigue del 11/08/2027 al 13/08/2027`);
    const third = await sayText(phone, 'del 23 al 25 de agosto de 2027');
    expect(third).toContain(`la *${moved2}* quedó sin efecto`);
    expect(third).toContain('Llegada: 23/08/2027');
  });

  it('a confirmed stay is not moved by the bot: a person arranges it', async () => {
    const phone = randomGuestPhone();
    const code = codeIn(
      await sayText(phone, 'reservame la cabaña del lago del 9 al 11 de agosto de 2027 para 2'),
    );
    await t.app.get(ReservationsService).confirm(code);
    const text = await sayText(phone, '¿se puede cambiar la fecha?');
    expect(text).toContain(`Tu reserva *${code}* ya está confirmada`);
    expect(text).toContain('lo coordinamos en persona');
    // Without any booking, "me equivoqué de fecha" corrects a question instead.
    const fresh = await sayText(
      randomGuestPhone(),
      'perdón, me equivoqué de fecha: del 3 al 5 de octubre de 2027 para 2',
    );
    expect(fresh).toContain('del 03/10/2027 al 05/10/2027');
  });

  it('asking how to pay with nothing booked explains the deposit instead of "no reservations"', async () => {
    const text = await sayText(randomGuestPhone(), '¿cómo es el tema de la seña? aceptan tarjeta?');
    expect(text).toContain('seña del 30 % del total por MercadoPago');
    expect(text).toContain('tenés 45 minutos para pagarla');
    expect(text).toContain('Si ya pagaste una seña, pasame el código');
    // A status question with nothing booked still says there is none.
    expect(await sayText(randomGuestPhone(), '¿cómo está mi reserva?')).toContain(
      'No encontré reservas activas',
    );
  });

  it('"¿cuál es la más grande / barata?" shows that place', async () => {
    const phone = randomGuestPhone();
    const [photo, card] = await say(phone, '¿cuál es la más grande?', 2);
    expect(photo!.type).toBe('image');
    expect(body(card!)).toContain('*Casa del Bosque*\n👥 Hasta 8 personas');
    const [, cheapest] = await say(phone, 'y cuál es la más barata?', 2);
    expect(body(cheapest!)).toContain('*Depto Centro*');
  });

  it('nothing free: the friendly text with the nearest free dates', async () => {
    const owner = randomGuestPhone();
    for (const place of ['la cabaña del lago', 'el depto centro', 'la casa del bosque']) {
      expect(await sayText(owner, `quiero reservar ${place} del 10 al 12 de mayo de 2027 para 2`)).toMatch(
        /RES-/,
      );
    }
    const text = await sayText(randomGuestPhone(), '¿tenés libre del 10 al 12 de mayo de 2027 para 2?');
    expect(text).toMatch(/no me queda nada libre/);
    expect(text).toContain('del 08/05/2027 al 10/05/2027');
    expect(text).toContain('del 12/05/2027 al 14/05/2027');
  });

  it('dates beyond the booking horizon are told so, not called wrong', async () => {
    const text = await sayText(
      randomGuestPhone(),
      'quiero reservar la cabaña del 1 al 3 de diciembre de 2028 para 2',
    );
    expect(text).toContain('hasta un año adelante');
  });

  it('past dates get the invalid-dates text with an example', async () => {
    const text = await sayText(randomGuestPhone(), 'disponibilidad del 1 al 5 de enero de 2025 para 2');
    expect(text).toMatch(/no me cierran/);
    expect(text).toContain('Del 15 al 20 de diciembre');
  });

  it.each([
    ['empty', ''],
    ['only emojis', '😀🏖️🎉'],
    ['5,000 characters', 'reservá '.repeat(625)],
    ['SQL-looking text', "'; DROP TABLE reservations; -- select * from accommodations where 1=1"],
    ['a code that does not exist', 'estado de RES-ZZZZZZ'],
  ])('adversarial text (%s) gets a friendly reply', async (_name, text) => {
    const replies = await say(randomGuestPhone(), text);
    expect(replies.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'a voice note',
      { type: 'audio', audio: { id: 'media-1', mime_type: 'audio/ogg', voice: true } },
      /audios/,
    ],
    [
      'a sticker',
      { type: 'sticker', sticker: { id: 'media-2', mime_type: 'image/webp', animated: false } },
      /escrito/,
    ],
    ['a location', { type: 'location', location: { latitude: -41.13, longitude: -71.3 } }, /escrito/],
    ['an image', { type: 'image', image: { id: 'media-3', mime_type: 'image/jpeg' } }, /escrito/],
    [
      'an unsupported type',
      { type: 'unsupported', errors: [{ code: 131051, title: 'Message type unknown' }] },
      /escrito/,
    ],
    ['a type nobody knows', { type: 'hologram', hologram: { x: 1 } }, /escrito/],
  ])('%s gets a kind request to write', async (_name, content, expected) => {
    const [reply] = await say(randomGuestPhone(), content);
    expect(body(reply)).toMatch(expected);
  });
});
