import { askedPreference, readChoice, readPreference } from '../../../src/conversation/parser/choice.js';

describe('readChoice', () => {
  it.each([
    ['la primera', 0],
    ['La primera!', 0],
    ['el segundo', 1],
    ['me quedo con la segunda', 1],
    ['la última', 2],
    ['opción 3', 2],
    ['3', 2],
    ['la tercera porfa', 2],
  ])('%s picks option %i of three', (text, index) => expect(readChoice(text, 3)).toBe(index));

  it.each(['la cuarta', '4', 'el primer día llegamos tarde', 'la del lago', 'sí', ''])(
    '%s picks none of three',
    (text) => expect(readChoice(text, 3)).toBeNull(),
  );
});

describe('readPreference', () => {
  it.each([
    ['la más barata', 'cheapest'],
    ['la mas economica porfa', 'cheapest'],
    ['me quedo con la menos cara', 'cheapest'],
    ['quiero la más grande', 'largest'],
    ['la más amplia!', 'largest'],
    ['prefiero la más cara', 'priciest'],
    ['el más chico', 'smallest'],
  ])('%s asks for the %s', (text, preference) => expect(readPreference(text)).toBe(preference));

  it.each(['la del lago', 'la más linda', 'es más barata la del lago?', 'sí', 'la primera', ''])(
    '%s is no preference',
    (text) => expect(readPreference(text)).toBeNull(),
  );
});

describe('askedPreference', () => {
  it.each([
    ['¿cuál es la más grande?', 'largest'],
    ['y la más barata cuál es?', 'cheapest'],
    ['cual sale lo menos caro', 'cheapest'],
  ])('%s asks about the %s', (text, preference) => expect(askedPreference(text)).toBe(preference));

  it.each(['cuál es la más linda?', 'la del lago', 'mas barato imposible'])('%s asks about none', (text) =>
    expect(askedPreference(text)).toBeNull(),
  );
});
