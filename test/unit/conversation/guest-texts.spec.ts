import { coverPhoto } from '../../../src/conversation/place-catalog.js';
import { mergeMemory } from '../../../src/conversation/conversation-memory.js';
import { FORBIDDEN_WORDS, formatDate, money, texts } from '../../../src/conversation/guest-texts.js';

const nbsp = (s: string) => s.replace(/\u00a0/g, ' ');
const forbidden = new RegExp(`\\b(${FORBIDDEN_WORDS.join('|')})\\b`, 'i');

const booking = {
  code: 'RES-7K3QX9',
  placeName: 'Cabaña del Lago',
  checkIn: '2027-01-10',
  checkOut: '2027-01-12',
  guests: 2,
  totalPrice: '170000.00',
  depositAmount: '51000.00',
};
const place = { name: 'Cabaña del Lago', capacity: 4, nightlyPrice: '85000.00', summary: 'Frente al lago.' };

describe('guest texts', () => {
  it('formats pesos without cents and without float drift', () => {
    expect(nbsp(money('85000.00'))).toBe('$ 85.000');
    expect(nbsp(money('425000'))).toBe('$ 425.000');
    expect(nbsp(money('0.00'))).toBe('$ 0');
    // Beyond Number precision: a float would round the last digits.
    expect(nbsp(money('90071992547409931.00'))).toBe('$ 90.071.992.547.409.931');
    expect(nbsp(money('100.50'))).toBe('$ 101');
    expect(nbsp(money('100.49'))).toBe('$ 100');
  });

  it('formats dates as dd/mm/yyyy', () => {
    expect(formatDate('2027-01-05')).toBe('05/01/2027');
  });

  it('the pre-reservation confirmation carries every field', () => {
    const text = nbsp(
      texts.reservationCreated(
        {
          code: 'RES-AB12CD',
          placeName: 'Cabaña del Lago',
          checkIn: '2027-03-10',
          checkOut: '2027-03-14',
          guests: 3,
          totalPrice: '340000.00',
          depositAmount: '102000.00',
        },
        { status: 'ready', url: 'http://127.0.0.1:3000/sandbox/checkout/RES-AB12CD' },
        30,
      ),
    );
    for (const part of [
      'RES-AB12CD',
      'Cabaña del Lago',
      '10/03/2027',
      '14/03/2027',
      '3 personas',
      '$ 340.000',
      '$ 102.000',
      'http://127.0.0.1:3000/sandbox/checkout/RES-AB12CD',
      '30 minutos',
      '¿Te ayudo con algo más?',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('a hold without a link says whether it follows or someone will write to arrange the payment', () => {
    const view = {
      code: 'RES-AB12CD',
      placeName: 'Cabaña del Lago',
      checkIn: '2027-03-10',
      checkOut: '2027-03-14',
      guests: 3,
      totalPrice: '340000.00',
      depositAmount: '102000.00',
    };
    expect(texts.reservationCreated(view, { status: 'later' }, 60)).toContain('En unos minutos te mando');
    const refused = texts.reservationCreated(view, { status: 'refused' }, 60);
    expect(refused).toContain('Te vamos a escribir por acá para coordinar el pago');
    expect(refused).not.toContain('En unos minutos');
  });

  it('availability lists price per night, nights and total', () => {
    const text = nbsp(
      texts.available('2027-03-10', '2027-03-12', 2, [
        { name: 'Depto Centro', nights: 2, nightlyPrice: '52000.00', totalPrice: '104000.00' },
      ]),
    );
    expect(text).toContain('Depto Centro');
    expect(text).toContain('$ 52.000 por noche × 2 noches = $ 104.000');
    expect(text).toContain('del 10/03/2027 al 12/03/2027');
  });

  it('no availability offers the suggestions; invalid dates give an example', () => {
    const text = texts.noAvailability([
      { name: 'Cabaña del Lago', checkIn: '2027-03-15', checkOut: '2027-03-18' },
    ]);
    expect(text).toContain('del 15/03/2027 al 18/03/2027');
    expect(texts.invalidDates()).toContain('Del 15 al 20 de diciembre');
    expect(texts.invalidDates('too_far')).toContain('hasta un año adelante');
    expect(texts.invalidDates('too_long')).toContain('hasta 30 noches');
    expect(texts.capacityExceeded(4)).toContain('4 personas');
  });

  it('comparing the offered places: each with capacity, price and summary, then the right question', () => {
    const two = texts.compareOptions([
      place,
      { ...place, name: 'Casa del Bosque', capacity: 8, summary: '' },
    ]);
    expect(two.replace(/\u00a0/g, ' ')).toContain(
      '• *Cabaña del Lago* (hasta 4 personas, $ 85.000 por noche): Frente al lago.\n• *Casa del Bosque* (hasta 8 personas, $ 85.000 por noche)\n',
    );
    expect(two).toContain('¿Cuál preferís?');
    expect(texts.compareOptions([place])).toContain('¿Querés que te guarde *Cabaña del Lago*? Respondé *sí*');
  });

  it('no text contains a technical word', () => {
    const samples = [
      texts.greeting(),
      texts.help(),
      texts.unknown(),
      texts.thanks(),
      texts.generic(),
      texts.invalidDates(),
      texts.invalidDates('too_far'),
      texts.invalidDates('too_long'),
      texts.invalidGuests(),
      texts.placeNotFound(),
      texts.voiceNote(),
      texts.voiceNoteTooLong(),
      texts.voiceNoteUnclear(),
      texts.nonText(),
      texts.noReservations(),
      texts.howPaymentWorks(30, 60),
      texts.reservationNotFound(),
      texts.capacityExceeded(null),
      texts.dateOverlap([], null),
      texts.dateOverlap([], 'Cabaña del Lago'),
      texts.noAvailability([]),
      texts.askDates({ guests: null, placeName: null }),
      texts.askGuests('2027-01-01', '2027-01-03'),
      texts.askPlace([]),
      texts.askPlace(['Depto Centro', 'Casa del Bosque']),
      texts.noProblem(),
      texts.tooManyGuests(8),
      texts.keptReservation('RES-7K3QX9'),
      texts.overlapsOwn({ ...booking, status: 'pre_reserved' }),
      texts.confirmCancel({ ...booking, status: 'confirmed' }),
      texts.featuresByPlace([{ label: 'pileta', names: ['Casa del Bosque'] }], ['mascotas']),
      texts.partyChanged(booking),
      texts.partyUnchanged(booking),
      texts.partyTooBig(booking, 2),
      texts.askNewDates(booking),
      texts.rescheduled(booking, 'RES-22222A', { status: 'ready', url: 'https://mp.example/x' }, 60),
      texts.rescheduleTaken(booking, []),
      texts.rescheduleTaken(booking, [
        { name: 'Cabaña del Lago', checkIn: '2027-01-12', checkOut: '2027-01-14' },
      ]),
      texts.rescheduleConfirmed('RES-7K3QX9'),
      texts.rescheduleNotPossible('RES-7K3QX9'),
      texts.compareOptions([place]),
    ];
    for (const text of samples) expect(text).not.toMatch(forbidden);
    expect('an error here').toMatch(forbidden);
  });
});

describe('conversation helpers', () => {
  it('cover photo: primary, else the lowest order', () => {
    expect(
      coverPhoto([
        { url: 'a', order: 1 },
        { url: 'b', order: 2, is_primary: true },
      ])?.url,
    ).toBe('b');
    expect(
      coverPhoto([
        { url: 'a', order: 2 },
        { url: 'b', order: 1 },
      ])?.url,
    ).toBe('b');
    expect(coverPhoto([])).toBeNull();
  });

  it('merges what was just said over memory, dates as a pair', () => {
    const memory = {
      checkIn: '2027-03-10',
      checkOut: '2027-03-12',
      guests: 2,
      accommodation: 'depto-centro',
    };
    expect(
      mergeMemory({ checkIn: null, checkOut: null, guests: null, accommodation: 'cabana-del-lago' }, memory),
    ).toEqual({
      ...memory,
      accommodation: 'cabana-del-lago',
    });
    expect(
      mergeMemory({ checkIn: '2027-04-01', checkOut: '2027-04-03', guests: 4, accommodation: null }, memory),
    ).toEqual({ checkIn: '2027-04-01', checkOut: '2027-04-03', guests: 4, accommodation: 'depto-centro' });
  });
});
