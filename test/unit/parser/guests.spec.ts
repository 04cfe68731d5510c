import { parse } from '../../../src/conversation/parser/parse.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

const guests = (text: string): number | null => parse(text, REFERENCE_CONTEXT).guests;

describe('guests', () => {
  it.each([
    ['somos 4', 4],
    ['seríamos 5', 5],
    ['somos seis', 6],
    ['para 6 personas', 6],
    ['4 pax', 4],
    ['hay lugar para 2?', 2],
    ['vamos 3', 3],
    ['somos como 15', 15],
    ['seremos unos doce', 12],
    ['vamos los cuatro', 4],
    ['nosotros dos', 2],
    ['un grupo de 10 amigos', 10],
    ['una familia de 5', 5],
    ['para una persona', 1],
  ])('total: %s → %i', (text, n) => {
    expect(guests(text)).toBe(n);
  });

  it.each([
    ['dos adultos y un nene', 3],
    ['2 adultos + 2 chicos', 4],
    ['2 adultos 2 chicos', 4],
    ['2 adultos, 1 adolescente y 1 bebé', 4],
    ['para 2 adultos y un menor de 2 años', 3],
    ['somos 4 adultos y 2 nenes', 6],
    ['somos 3 amigas', 3],
    ['una pareja', 2],
    ['somos 2 parejas', 4],
    ['2 matrimonios con 4 chicos', 8],
    ['una pareja y su hijo', 3],
  ])('parts: %s → %i', (text, n) => {
    expect(guests(text)).toBe(n);
  });

  it('parts joined to a total add to it; a breakdown after a comma does not', () => {
    expect(guests('somos 4 y un bebé')).toBe(5);
    expect(guests('sería para 2 + 1 bebé')).toBe(3);
    expect(guests('somos 4, 2 adultos y 2 chicos')).toBe(4);
  });

  it.each([
    ['voy solo', 1],
    ['voy sola', 1],
    ['viajo sola', 1],
    ['solo para mí', 1],
    ['con mi novia', 2],
    ['vamos mi señora y yo', 2],
    ['yo y mi novia', 2],
    ['viajo sola con mi hija', 2],
    ['vamos con mi señora y los 2 chicos', 4],
    ['vamos yo, mi marido y mis 3 hijos', 5],
    ['vamos con mis viejos y mi novia', 4],
  ])('who comes along: %s → %i', (text, n) => {
    expect(guests(text)).toBe(n);
  });

  it.each([
    'con mi familia',
    'vamos con mis hijos',
    'voy con unos amigos',
    'cuántas personas entran?',
    'para cuántas personas es?',
    'tenemos un perro chiquito',
    'quiero hablar con una persona',
    'solo quería saber el precio',
  ])('no count: %s', (text) => {
    expect(guests(text)).toBeNull();
  });

  it.each([
    ['money', 'tengo $4.000 para gastar'],
    ['money in thousands', 'pago 50 mil pesos'],
    ['"50k"', 'presupuesto 50k'],
    ['a phone number', 'llamame al 11 5555-1234'],
    ['a clock time', 'llegamos a las 4'],
    ['a day', 'para el 4'],
    ['nights', 'para 2 noches'],
    ['rooms', 'necesito 2 habitaciones'],
    ['pets', 'vamos con 2 perros'],
    ['ages', 'un nene de 5 años'],
    ['a code', 'mi reserva es RES-4HT8MZ'],
  ])('%s is not a guest count', (_label, text) => {
    expect(guests(text)).toBeNull();
  });

  it('dates and guests in one message do not mix', () => {
    const r = parse('para 4 del 10 al 15 de enero', REFERENCE_CONTEXT);
    expect(r.guests).toBe(4);
    expect([r.checkIn, r.checkOut]).toEqual(['2027-01-10', '2027-01-15']);
    expect(parse('somos 2, del 4 al 6/1', REFERENCE_CONTEXT).guests).toBe(2);
  });
});

describe('a bare number right after "¿para cuántas personas?"', () => {
  const answer = (text: string) => parse(text, { ...REFERENCE_CONTEXT, expecting: 'guests' });

  it.each([
    ['2', 2],
    ['dos', 2],
    ['4!', 4],
    ['seis 🙂', 6],
  ])('%s is the head count', (text, count) => {
    expect(answer(text)).toMatchObject({ guests: count, intent: 'availability', impliedByData: true });
  });

  it.each(['2', 'dos'])('%s means nothing when no head count was asked for', (text) => {
    expect(parse(text, REFERENCE_CONTEXT).guests).toBeNull();
  });

  it.each(['0', '150', 'el 2', '2 de enero', '$2'])('%s is not a head count', (text) => {
    expect(answer(text).guests).toBeNull();
  });
});
