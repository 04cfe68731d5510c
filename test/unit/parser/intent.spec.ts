import { parse } from '../../../src/conversation/parser/parse.js';
import { INTENTS, type Intent } from '../../../src/conversation/parser/parser.types.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

const intent = (text: string): Intent => parse(text, REFERENCE_CONTEXT).intent;

const EXAMPLES: Record<Intent, string[]> = {
  greeting: [
    'hola',
    'holaaa',
    'buen día',
    'buen diaa',
    'buenas tardes!',
    'buenas noches, cómo andan?',
    'holis',
    'que onda',
  ],
  help: [
    'ayuda',
    'menú',
    'qué podés hacer?',
    'como funciona esto?',
    'sos un bot?',
    'quiero hablar con una persona',
    'me pasan el contacto del dueño?',
  ],
  availability: [
    'está libre la cabaña el finde?',
    'hay lugar para el 20?',
    'tienen disponibilidad en enero?',
    'tenés algo para 4 del 3 al 6?',
    'queda algo para reyes?',
    'me fijás si el depto está ocupado el 12?',
    'estamos buscando algo para 10 personas',
    'hola, tienen la del bosque para navidad?',
    'del 10 al 15 de enero, somos 2',
    'para el domingo',
  ],
  reserve: [
    'quiero reservar',
    'quisiera hacer una reserva',
    'agendame para el finde',
    'dale, reservala',
    'me la guardás?',
    'nos guardás la del lago para el sábado?',
    'la tomamos!',
    'bloqueame del 22 al 26',
    'bloqueá del 1 al 4 de marzo',
    'confirmamos! del 3 al 7',
    'hagamos la reserva',
    'queremos alquilar la casa del 10 al 20 de enero',
    'dale, la quiero!',
  ],
  accommodation_info: [
    'tienen fotos?',
    'cuántas personas entran?',
    'tiene pileta?',
    'hay wifi en el depto?',
    'dónde queda?',
    'aceptan mascotas?',
    'a qué hora es el check in?',
    'cuántas camas tiene?',
    'es apta para chicos?',
    'hay supermercado cerca?',
    'hasta qué hora se puede hacer el check out?',
  ],
  price: [
    'cuánto sale la noche?',
    'cuánto cuesta?',
    'cuánto está la noche en el depto?',
    'precio x noche?',
    'tarifas para febrero?',
    'me cotizás una semana?',
    'cuanto me cobras 5 noches?',
    'cuánto tengo que pagar por 3 noches?',
    'hay descuento por semana?',
  ],
  reservation_status: [
    'cómo va mi reserva?',
    'está confirmada mi reserva?',
    'me confirmás si quedó la reserva?',
    'no me llegó la confirmación',
    'sigue todo en pie?',
    'RES-7K3QX9',
    'hola te escribo por la reserva que hice',
    'quiero cambiar la fecha de mi reserva',
    'te escribí ayer por la reserva del depto y nadie me contestó',
  ],
  cancel: [
    'quiero cancelar',
    'cancelame la reserva',
    'no vamos a poder ir',
    'al final no viajamos',
    'anulá la reserva',
    'se puede dar de baja la reserva?',
  ],
  payment: [
    'cómo pago?',
    'ya pagué',
    'ya te transferí la seña',
    'mandame el link de nuevo',
    'me pasás el cbu?',
    'aceptan tarjeta?',
    'se puede pagar en efectivo?',
    'cuánto es la seña?',
    'te mandé el comprobante',
    'aceptan dólares?',
  ],
  thanks: [
    'gracias!!',
    'genial, mil gracias',
    'muchas gracias 🙌',
    'ok perfecto',
    'joya',
    'chau!',
    '🙏',
    'gracias por la info!',
  ],
  unknown: ['asdkjh qwe', 'a que hora juega boca hoy?', 'vendo auto usado', 'jajaja', '?', ''],
};

describe('intent', () => {
  it('exports every intent', () => {
    expect([...INTENTS].sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  describe.each(Object.entries(EXAMPLES))('%s', (expected, texts) => {
    it.each(texts)('%s', (text) => {
      expect(intent(text)).toBe(expected);
    });
  });

  describe('precedence', () => {
    it('a substantive intent beats a greeting', () => {
      expect(intent('hola! tenés libre del 15 al 20?')).toBe('availability');
      expect(intent('buen día, cuánto sale la noche?')).toBe('price');
      expect(intent('holaaa, quiero cancelar')).toBe('cancel');
    });

    it('a companion mentioned in passing does not turn a thank-you into a booking question', () => {
      expect(intent('Ok, lo hablo con mi marido y te aviso. Gracias!')).toBe('thanks');
      expect(intent('vamos con mi señora y los 2 chicos')).toBe('availability');
    });

    it('a substantive intent beats a thank-you', () => {
      expect(intent('gracias! y tiene parrilla?')).toBe('accommodation_info');
      expect(intent('genial, gracias. quiero reservar del 2 al 5')).toBe('reserve');
    });

    it('reserve beats a payment mention', () => {
      expect(intent('quiero reservar, te paso la seña por transferencia')).toBe('reserve');
      expect(intent('reservamos la casa del 2/1 al 9/1, cómo te pago la seña?')).toBe('reserve');
    });

    it('a payment aside does not hide the question asked first', () => {
      expect(intent('tiene lugar para 5 del 4 al 8 de enero? pagamos en efectivo')).toBe('availability');
    });

    it('paying is payment even with a reservation code', () => {
      expect(intent('pasame el CBU para la reserva RES-3TY7WQ')).toBe('payment');
    });

    it('cancelling wins over the status of the reservation it names', () => {
      expect(intent('quiero cancelar mi reserva RES-X2KV6J')).toBe('cancel');
    });

    it('a promise to answer later is not a booking', () => {
      expect(intent('bueno gracias, después te confirmo')).toBe('thanks');
      expect(intent('listo, lo hablo y te confirmo. gracias!!')).toBe('thanks');
      expect(intent('confirmo la reserva del 3 al 7 de marzo')).toBe('reserve');
      expect(parse('dale, te confirmo mañana', REFERENCE_CONTEXT).checkIn).toBeNull();
    });

    it('whether a payment arrived is payment, even asked as "me confirmás si"', () => {
      expect(intent('me confirmás si te llegó el pago?')).toBe('payment');
      expect(intent('te llegó la plata?')).toBe('payment');
      expect(intent('me confirmás si quedó la reserva?')).toBe('reservation_status');
    });

    it('a pet listed with the group does not hide the question asked', () => {
      expect(intent('somos 2 adultos y un perro, hay lugar del 3 al 6 de enero?')).toBe('availability');
      expect(intent('aceptan perros? y hay lugar el finde?')).toBe('accommodation_info');
      expect(intent('tenemos un perro chiquito')).toBe('accommodation_info');
    });

    it('WhatsApp shorthand reads like the full words', () => {
      expect(intent('a q hora es el check in?')).toBe('accommodation_info');
      expect(intent('q podes hacer vos?')).toBe('help');
      expect(intent('gracias x la info')).toBe('thanks');
    });

    it('"cuánto pago" asks a price; "cómo pago" asks how to pay', () => {
      expect(intent('cuánto pago por 2 noches?')).toBe('price');
      expect(intent('cómo pago las 2 noches?')).toBe('payment');
    });
  });

  describe('implied by data', () => {
    const implied = (text: string): boolean => parse(text, REFERENCE_CONTEXT).impliedByData;

    it.each([
      'somos 3',
      'la del lago',
      'hola, somos 4',
      'del 10 al 12 de enero',
      'gracias, el depto',
      'RES-7K3QX9',
    ])('%s: the data alone says what it is about', (text) => expect(implied(text)).toBe(true));

    it.each([
      'tenés libre del 10 al 12 de enero?',
      'fotos de la del lago',
      'quiero reservar la del lago',
      'cuánto sale el depto para 3?',
      'hola',
      'gracias!',
      'asdkjh',
    ])('%s: the words ask for it', (text) => expect(implied(text)).toBe(false));
  });
});
