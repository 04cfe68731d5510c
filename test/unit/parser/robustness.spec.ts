import { parse } from '../../../src/conversation/parser/parse.js';
import { INTENTS } from '../../../src/conversation/parser/parser.types.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

describe('parse robustness', () => {
  it('returns a complete, empty result for empty or noise input', () => {
    for (const text of ['', '   ', '😀😀😀', '...', '\n\n']) {
      expect(parse(text, REFERENCE_CONTEXT)).toEqual({
        intent: 'unknown',
        checkIn: null,
        checkOut: null,
        guests: null,
        code: null,
        accommodation: null,
        impliedByData: false,
      });
    }
  });

  it('is deterministic and does not touch its inputs', () => {
    const ctx = structuredClone(REFERENCE_CONTEXT);
    const text = 'hola! tenés libre la cabaña del lago del 15 al 20 de diciembre? somos 4';
    const first = parse(text, ctx);
    expect(parse(text, ctx)).toEqual(first);
    expect(ctx).toEqual(REFERENCE_CONTEXT);
  });

  it('always answers one of the declared intents', () => {
    for (const text of ['hola', 'zzz', 'del 1 al 2', 'RES-7K3QX9', 'gracias']) {
      expect(INTENTS).toContain(parse(text, REFERENCE_CONTEXT).intent);
    }
  });

  it('handles multi-line, upper-case messages', () => {
    const r = parse('HOLA!\nQUIERO RESERVAR LA CABAÑA\nDEL 10 AL 15 DE ENERO\nSOMOS 4', REFERENCE_CONTEXT);
    expect(r).toEqual({
      intent: 'reserve',
      checkIn: '2027-01-10',
      checkOut: '2027-01-15',
      guests: 4,
      code: null,
      accommodation: 'cabana-del-lago',
      impliedByData: false,
    });
  });

  it.each([
    [
      'repeated booking text',
      'quiero reservar del 15 al 20 de diciembre somos 4 la cabaña del lago '.repeat(80),
    ],
    ['digits', '1'.repeat(5000)],
    ['digits and slashes', '1/'.repeat(2500)],
    ['one letter', 'a'.repeat(5000)],
    ['range openers', 'del 1 al '.repeat(600)],
    ['phone-like', '+54 9 11 '.repeat(600)],
    ['code prefixes', 'res-'.repeat(1300)],
    ['spelled prefixes', 'erre e ese '.repeat(500)],
    ['emojis', '😀'.repeat(2500)],
  ])('stays linear on a 5,000-character input: %s', (_label, text) => {
    parse(text, REFERENCE_CONTEXT); // warm-up, so JIT compilation is not timed
    const started = performance.now();
    parse(text, REFERENCE_CONTEXT);
    // A few milliseconds normally (more under coverage instrumentation); catastrophic regex
    // backtracking would take seconds.
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
