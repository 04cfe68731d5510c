import { parse } from '../../../src/conversation/parser/parse.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

const code = (text: string): string | null => parse(text, REFERENCE_CONTEXT).code;

describe('reservation code', () => {
  it.each([
    'RES-7K3QX9',
    'res7k3qx9',
    'RES 7K3QX9',
    'res-7k3-qx9',
    'res 7k3 qx9',
    'Res_7K3QX9',
    'res: 7k3qx9',
    '#RES7K3QX9',
    'mi reserva es la RES-7K3QX9, gracias',
    'el código es 7k3qx9',
    'r e s 7 k 3 q x 9',
    'erre e ese siete ka tres cu equis nueve',
    'mi codigo es erre e ese guion siete ka tres cu equis nueve',
  ])('%s → RES-7K3QX9', (text) => {
    expect(code(text)).toBe('RES-7K3QX9');
  });

  it('spells letters with their Spanish names', () => {
    expect(code('erre e ese dos be siete jota ka eme')).toBe('RES-2B7JKM');
    expect(code('erre e ese doble ve i griega zeta ocho nueve hache')).toBe('RES-WYZ89H');
  });

  it.each([
    ['0 is outside the alphabet', 'RES-10AB2C'],
    ['O is outside the alphabet', 'RES-OOOOOO'],
    ['I and 1 are outside the alphabet', 'res-1OI2AB'],
    ['spelled "cero" is 0', 'erre e ese cero ka tres cu equis nueve'],
    ['five characters', 'RES-7K3QX'],
    ['seven characters', 'RES-7K3QX9Z'],
    ['a word that starts with "res"', 'la respuesta es no'],
    ['the same word in capitals', 'RESPUESTA'],
    ['"reserva"', 'quiero hacer una reserva la semana que viene'],
    ['a bare word after "codigo" without digits', 'el codigo es GRACIAS'],
  ])('not a code: %s', (_label, text) => {
    expect(code(text)).toBeNull();
  });

  it('accepts a letters-only code when it is clearly typed as one', () => {
    expect(code('tengo la reserva RES-ABCDEF')).toBe('RES-ABCDEF');
    expect(code('Mi reserva es RESABCDEF')).toBe('RES-ABCDEF');
  });

  it('a mistyped code is no code, but the message is still about a booking and its digits no date', () => {
    const r = parse('la reserva RES-7K3QX. esta ok?', REFERENCE_CONTEXT);
    expect([r.code, r.intent]).toEqual([null, 'reservation_status']);
    expect(parse('res 12dic3, hay lugar?', REFERENCE_CONTEXT).checkIn).toBeNull();
  });

  it('keeps the first valid code', () => {
    expect(code('RES-10AB2C no anda, probá RES-4HT8MZ')).toBe('RES-4HT8MZ');
  });
});
