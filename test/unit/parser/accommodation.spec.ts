import { parse } from '../../../src/conversation/parser/parse.js';
import type { AccommodationRef } from '../../../src/conversation/parser/parser.types.js';
import { REFERENCE_CONTEXT } from './nlu-accuracy.js';

const place = (text: string, accommodations?: AccommodationRef[]): string | null =>
  parse(text, accommodations ? { ...REFERENCE_CONTEXT, accommodations } : REFERENCE_CONTEXT).accommodation;

describe('accommodation', () => {
  it.each([
    ['la cabaña del lago', 'cabana-del-lago'],
    ['Cabaña Del Lago!!', 'cabana-del-lago'],
    ['la cabana del lago', 'cabana-del-lago'],
    ['cabaña lago', 'cabana-del-lago'],
    ['la del lago', 'cabana-del-lago'],
    ['el depto', 'depto-centro'],
    ['depto centro', 'depto-centro'],
    ['el departamento del centro', 'depto-centro'],
    ['la del centro', 'depto-centro'],
    ['CASA DEL BOSQUE', 'casa-del-bosque'],
    ['la casa', 'casa-del-bosque'],
    ['la del bosque', 'casa-del-bosque'],
  ])('by name or alias: %s', (text, slug) => {
    expect(place(text)).toBe(slug);
  });

  it.each([
    ['cabaña del lagp', 'cabana-del-lago'],
    ['la casa del bosqeu', 'casa-del-bosque'],
    ['la del bosqe', 'casa-del-bosque'],
    ['la casa de bosque', 'casa-del-bosque'],
    ['el departameto del centro', 'depto-centro'],
    ['el dpto', 'depto-centro'],
    ['el deptito del centro', 'depto-centro'],
  ])('with typos and variants: %s', (text, slug) => {
    expect(place(text)).toBe(slug);
  });

  it('a generic noun names the only place of that kind', () => {
    expect(place('tenés fotos de la cabaña?')).toBe('cabana-del-lago');
    expect(place('la cabañita tiene parrilla?')).toBe('cabana-del-lago');
    expect(place('el departamento tiene wifi?')).toBe('depto-centro');
  });

  it('a lodging noun without article names the only place of its kind', () => {
    expect(place('disponibilidad 12/12 - 15/12 depto')).toBe('depto-centro');
    expect(place('precio cabaña finde?')).toBe('cabana-del-lago');
    expect(place('busco un depto para 4')).toBeNull();
    expect(place('ya llegué a casa')).toBeNull();
  });

  it('a generic noun shared by two places names neither', () => {
    const twoCabins: AccommodationRef[] = [
      { slug: 'cabana-del-lago', name: 'Cabaña del Lago', aliases: [] },
      { slug: 'cabana-del-rio', name: 'Cabaña del Río', aliases: [] },
    ];
    expect(place('tenés fotos de la cabaña?', twoCabins)).toBeNull();
    expect(place('la cabaña del rio tiene wifi?', twoCabins)).toBe('cabana-del-rio');
  });

  it('works for any list of places, not just the demo ones', () => {
    const others: AccommodationRef[] = [
      { slug: 'domo-sierra', name: 'Domo Sierra', aliases: ['el domo'] },
      { slug: 'loft-palermo', name: 'Loft Palermo', aliases: [] },
    ];
    expect(place('el domo tiene calefacción?', others)).toBe('domo-sierra');
    expect(place('hay lugar en el loft de palermo?', others)).toBe('loft-palermo');
    expect(place('la cabaña del lago', others)).toBeNull();
  });

  it.each([
    ['a choice between two places', 'la cabaña o el depto?'],
    ['two places by alias', 'la del lago o la del bosque?'],
    ['a plural', 'me pasás info de las cabañas?'],
    ['an indefinite', 'quiero una casa para 6'],
    ['a possessive', 'en mi casa tengo pileta'],
    ['nothing', 'hola, tienen lugar el finde?'],
    ['"centro" alone', 'queda cerca del centro?'],
    ['"largo" is not "lago"', 'el finde largo'],
  ])('none for %s', (_label, text) => {
    expect(place(text)).toBeNull();
  });

  it('has no place when none are configured', () => {
    expect(place('la cabaña del lago', [])).toBeNull();
  });
});
