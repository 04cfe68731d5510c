import { amenitiesAsked, describedIn } from '../../../src/conversation/amenities.js';

const labels = (text: string) => amenitiesAsked(text).map((a) => a.label);

describe('amenity questions', () => {
  it.each([
    ['tiene pileta?', ['pileta']],
    ['hay wifi o internet?', ['wifi']],
    ['Tienen estacionamiento?', ['cochera']],
    ['aceptan perros?', ['mascotas']],
    ['hasta qué hora es el check out?', ['horarios de entrada y salida']],
    ['tiene parrilla y aire acondicionado?', ['parrilla', 'aire acondicionado']],
    ['me pasás la ubicación?', ['ubicación exacta']],
  ])('%s asks about %j', (text, expected) => expect(labels(text)).toEqual(expected));

  it.each(['fotos de la cabaña', 'info del depto', 'cuántas personas entran?'])(
    '%s asks about none',
    (text) => expect(labels(text)).toEqual([]),
  );

  it('a description settles a feature only when it names it', () => {
    const [pool] = amenitiesAsked('tiene piscina?');
    expect(describedIn('Casa entre los pinos con pileta y parque', pool!)).toBe(true);
    expect(describedIn('Departamento luminoso con cochera', pool!)).toBe(false);
    const [pets] = amenitiesAsked('aceptan mascotas?');
    expect(describedIn('Se aceptan mascotas', pets!)).toBe(false);
  });
});
