import { readYesNo } from '../../../src/conversation/parser/yes-no.js';

describe('readYesNo', () => {
  it.each([
    'sí',
    'si',
    'Siii',
    'sí, cancelala',
    'dale',
    'Dale, gracias',
    'confirmo',
    'sí por favor 🙏',
    'de una',
  ])('%s is a yes', (text) => expect(readYesNo(text)).toBe('yes'));

  it.each([
    'no',
    'No, dejala',
    'no no',
    'no gracias',
    'mejor no',
    'NO!',
    'no, mantenela',
    'no, solo preguntaba',
  ])('%s is a no', (text) => expect(readYesNo(text)).toBe('no'));

  it.each([
    'si cancelo me devuelven la seña?',
    'no sé, tengo que ver',
    'sí, pero cambiame las fechas al 10 de enero',
    'cuál es la política de cancelación?',
    'hola',
    '',
  ])('%s is neither', (text) => expect(readYesNo(text)).toBeNull());
});
