import { parse } from '../../../src/conversation/parser/parse.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

// Reference "today" is Friday 2026-11-27 in Buenos Aires.
function stay(text: string, now?: string): [string | null, string | null] {
  const ctx = now ? { ...REFERENCE_CONTEXT, now: new Date(now) } : REFERENCE_CONTEXT;
  const r = parse(text, ctx);
  return [r.checkIn, r.checkOut];
}

describe('stay dates', () => {
  describe('ranges', () => {
    it.each([
      ['del 15 al 20 de diciembre', '2026-12-15', '2026-12-20'],
      ['15/12 al 20/12', '2026-12-15', '2026-12-20'],
      ['del 2 de enero al 9', '2027-01-02', '2027-01-09'],
      ['entre el 15 y el 20 de enero', '2027-01-15', '2027-01-20'],
      ['del 15-20 de enero', '2027-01-15', '2027-01-20'],
      ['desde el viernes 4 hasta el domingo 6 de diciembre', '2026-12-04', '2026-12-06'],
      ['del 10 al 15 dic.', '2026-12-10', '2026-12-15'],
      ['el 20/12/2026 al 27/12/2026', '2026-12-20', '2026-12-27'],
      ['llego el 4 y me voy el 9 de enero', '2027-01-04', '2027-01-09'],
      ['nos vamos el 20 de diciembre, llegamos el 15', '2026-12-15', '2026-12-20'],
      ['entrada 10/1 salida 15/1', '2027-01-10', '2027-01-15'],
    ])('%s', (text, checkIn, checkOut) => {
      expect(stay(text)).toEqual([checkIn, checkOut]);
    });

    it('crosses the year', () => {
      expect(stay('del 28/12 al 2/1')).toEqual(['2026-12-28', '2027-01-02']);
      expect(stay('del 28 al 2 de enero')).toEqual(['2026-12-28', '2027-01-02']);
    });

    it('without a month takes the next such day', () => {
      expect(stay('del 10 al 15?')).toEqual(['2026-12-10', '2026-12-15']);
      expect(stay('del 28 al 30?')).toEqual(['2026-11-28', '2026-11-30']);
    });

    it('a month named on its own applies to the bare days after it', () => {
      expect(stay('una semana en febrero desde el 14')).toEqual(['2027-02-14', '2027-02-21']);
      expect(stay('en enero, del 5 al 10')).toEqual(['2027-01-05', '2027-01-10']);
      expect(stay('para el mes de marzo desde el 3 hasta el 6')).toEqual(['2027-03-03', '2027-03-06']);
      // a month already attached to its days is not overridden
      expect(stay('en enero no, mejor del 5 al 8 de febrero')).toEqual(['2027-02-05', '2027-02-08']);
    });

    it('"la semana del 10 al 17" is that range', () => {
      expect(stay('la semana del 10 al 17 de enero')).toEqual(['2027-01-10', '2027-01-17']);
    });

    it('"x" for "por" before a length of stay', () => {
      expect(stay('desde el 15/1 x 3 noches')).toEqual(['2027-01-15', '2027-01-18']);
    });

    it('listing days means those nights', () => {
      expect(stay('para el 24 y 25 de diciembre')).toEqual(['2026-12-24', '2026-12-26']);
      expect(stay('las fechas serían 4, 5 y 6 de enero')).toEqual(['2027-01-04', '2027-01-07']);
    });
  });

  describe('year rollover', () => {
    it('puts a date already past this year in the next one', () => {
      expect(stay('del 2 al 5 de febrero')).toEqual(['2027-02-02', '2027-02-05']);
      expect(stay('tienen algo para el 3 de noviembre?')).toEqual(['2027-11-03', '2027-11-04']);
    });

    it('keeps today and later dates in this year', () => {
      expect(stay('para el 27 de noviembre')).toEqual(['2026-11-27', '2026-11-28']);
      expect(stay('para el 28/11')).toEqual(['2026-11-28', '2026-11-29']);
    });
  });

  describe('dd/mm, never mm/dd', () => {
    it('reads the day first', () => {
      expect(stay('el 3/1')).toEqual(['2027-01-03', '2027-01-04']);
      expect(stay('del 5/3 al 8/3')).toEqual(['2027-03-05', '2027-03-08']);
    });

    it('does not swap an impossible month into a date', () => {
      expect(stay('hay lugar para el 12/25?')).toEqual([null, null]);
      expect(stay('del 12/31 al 1/5?')).toEqual([null, null]);
    });

    it('rejects days that do not exist', () => {
      expect(stay('para el 31/11')).toEqual([null, null]);
      expect(stay('para el 31 de febrero')).toEqual([null, null]);
    });
  });

  describe('lengths of stay', () => {
    it.each([
      ['3 noches desde el 10 de enero', '2027-01-10', '2027-01-13'],
      ['una semana desde el 3 de enero', '2027-01-03', '2027-01-10'],
      ['dos semanas desde el 2 de enero', '2027-01-02', '2027-01-16'],
      ['desde el 10 de enero, 2 noches', '2027-01-10', '2027-01-12'],
      ['el sábado 5 de diciembre, una noche', '2026-12-05', '2026-12-06'],
      ['para mañana? 1 noche', '2026-11-28', '2026-11-29'],
    ])('%s', (text, checkIn, checkOut) => {
      expect(stay(text)).toEqual([checkIn, checkOut]);
    });

    it('a length alone gives no dates', () => {
      expect(stay('precio para 3 noches')).toEqual([null, null]);
    });
  });

  describe('single days are one night', () => {
    it.each([
      ['para el sábado', '2026-11-28', '2026-11-29'],
      ['mañana', '2026-11-28', '2026-11-29'],
      ['hay lugar mañana a la noche?', '2026-11-28', '2026-11-29'],
      ['pasado mañana', '2026-11-29', '2026-11-30'],
      ['hay lugar hoy?', '2026-11-27', '2026-11-28'],
      ['para el 8 de diciembre', '2026-12-08', '2026-12-09'],
      ['el lunes que viene', '2026-11-30', '2026-12-01'],
      ['el sábado 5 hay lugar?', '2026-12-05', '2026-12-06'],
    ])('%s', (text, checkIn, checkOut) => {
      expect(stay(text)).toEqual([checkIn, checkOut]);
    });

    it('"a la mañana" is the morning, not tomorrow', () => {
      expect(stay('llegamos el 10 de enero a la mañana')[0]).toBe('2027-01-10');
      expect(stay('hay lugar a la mañana?')).toEqual([null, null]);
    });

    it('a bare weekday on that same weekday means next week; "este" means today', () => {
      expect(stay('hay lugar el viernes?')).toEqual(['2026-12-04', '2026-12-05']);
      expect(stay('hay lugar el sábado?', '2026-11-28T10:00:00-03:00')).toEqual(['2026-12-05', '2026-12-06']);
      expect(stay('hay lugar este sábado?', '2026-11-28T10:00:00-03:00')).toEqual([
        '2026-11-28',
        '2026-11-29',
      ]);
    });
  });

  describe('open ranges set the check-in only', () => {
    it.each(['a partir del 10 de enero', 'del 10 de enero en adelante', 'desde el 10 de enero'])(
      '%s',
      (text) => {
        expect(stay(text)).toEqual(['2027-01-10', null]);
      },
    );
  });

  describe('weekends', () => {
    it('"este finde" on a Friday starts today', () => {
      expect(stay('este finde')).toEqual(['2026-11-27', '2026-11-29']);
      expect(stay('este fin de semana')).toEqual(['2026-11-27', '2026-11-29']);
    });

    it('on a weekday it is the coming one', () => {
      expect(stay('el finde', '2026-12-01T10:00:00-03:00')).toEqual(['2026-12-04', '2026-12-06']);
    });

    it('on a Sunday it is the next one', () => {
      expect(stay('este finde', '2026-11-29T10:00:00-03:00')).toEqual(['2026-12-04', '2026-12-06']);
    });

    it('"que viene" during a weekend skips to the next', () => {
      expect(stay('el finde que viene')).toEqual(['2026-12-04', '2026-12-06']);
    });

    it('"el finde del 12" is the weekend around that day', () => {
      expect(stay('el finde del 12 de diciembre')).toEqual(['2026-12-11', '2026-12-13']);
    });

    it('long weekends and "el otro finde" are ambiguous', () => {
      expect(stay('el finde largo')).toEqual([null, null]);
      expect(stay('el finde largo del 8 de diciembre')).toEqual([null, null]);
      expect(stay('el otro finde')).toEqual([null, null]);
    });
  });

  describe('vague periods give no dates', () => {
    it.each([
      'tienen lugar en enero?',
      'para semana santa',
      'para navidad tienen algo?',
      'la semana que viene',
      'la primera quincena de enero',
      'a principios de febrero',
      'para fin de mes',
      'la semana del 10 de enero',
    ])('%s', (text) => {
      expect(stay(text)).toEqual([null, null]);
    });
  });

  describe('spelling', () => {
    it.each([
      ['del diez al quince de enero', '2027-01-10', '2027-01-15'],
      ['del veinticinco al treinta y uno de enero', '2027-01-25', '2027-01-31'],
      ['del primero de febrero al 8', '2027-02-01', '2027-02-08'],
      ['del 1ro al 5 de enero', '2027-01-01', '2027-01-05'],
      ['del 3 al 7 de dicembre', '2026-12-03', '2026-12-07'],
      ['del 3 al 7 de febreo', '2027-02-03', '2027-02-07'],
      ['del 5 al 7 de setiembre', '2027-09-05', '2027-09-07'],
      ['15 al 22 de ene', '2027-01-15', '2027-01-22'],
      ['diciembre 20 al 27', '2026-12-20', '2026-12-27'],
      ['hay lugar el sabdo?', '2026-11-28', '2026-11-29'],
    ])('%s', (text, checkIn, checkOut) => {
      expect(stay(text)).toEqual([checkIn, checkOut]);
    });
  });

  describe('relative offsets', () => {
    it('"dentro de dos semanas" and "en 10 días" are a day, not a length', () => {
      expect(stay('dentro de dos semanas tienen algo?')).toEqual(['2026-12-11', '2026-12-12']);
      expect(stay('en 10 días tienen lugar?')).toEqual(['2026-12-07', '2026-12-08']);
    });
  });

  describe('numbers that are not dates', () => {
    it.each([
      ['money', 'hay lugar el 10 de enero? pago $15.000 la noche', '2027-01-10', '2027-01-11'],
      ['money in words', 'tengo 50 mil pesos, hay algo el 10/1?', '2027-01-10', '2027-01-11'],
      ['"50k"', 'del 3 al 5 de enero, tengo 50k', '2027-01-03', '2027-01-05'],
      ['a clock time', 'hay lugar el 20 a las 14hs?', '2026-12-20', '2026-12-21'],
      ['a phone number', 'del 2 al 5 de abril, mi cel es 11 4567-8901', '2027-04-02', '2027-04-05'],
      ['an age', 'del 5 al 10 de enero, tenemos un nene de 3 años', '2027-01-05', '2027-01-10'],
    ])('%s', (_label, text, checkIn, checkOut) => {
      expect(stay(text)).toEqual([checkIn, checkOut]);
    });

    it.each([
      '$50.000 la noche?',
      'te transferí 20.000',
      'mi cel es 351 456 7890',
      'llegamos a las 15hs',
      'son 2 habitaciones',
      'somos 4/5 personas',
      'RES-7K3QX9',
    ])('%s gives no dates', (text) => {
      expect(stay(text)).toEqual([null, null]);
    });
  });

  it('implausibly long ranges are dropped', () => {
    expect(stay('del 10 de enero al 10 de junio')).toEqual([null, null]);
  });

  it('off-topic "hoy" is not a stay', () => {
    expect(stay('a que hora juega boca hoy?')).toEqual([null, null]);
  });
});
