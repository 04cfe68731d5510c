/**
 * The three demo places of the embedded default and `npm run seed`. The parser's labelled cases
 * refer to these slugs and aliases, so keep them in step with test/fixtures/nlu-cases.jsonl.
 */
export const DEMO_ACCOMMODATIONS = [
  {
    slug: 'cabana-del-lago',
    name: 'Cabaña del Lago',
    aliases: ['la del lago', 'cabaña lago'],
    capacity: 4,
    nightlyPrice: '85000.00',
    description:
      'Cabaña de madera frente al lago, con deck, parrilla y kayaks. Dos dormitorios, cocina completa y wifi.',
    photos: [
      {
        url: 'https://estadia.example/photos/cabana-del-lago/deck.jpg',
        caption: 'El deck al atardecer',
        order: 2,
        is_primary: true,
      },
      {
        url: 'https://estadia.example/photos/cabana-del-lago/living.jpg',
        caption: 'Living con hogar',
        order: 1,
      },
    ],
  },
  {
    slug: 'depto-centro',
    name: 'Depto Centro',
    aliases: ['el depto', 'departamento del centro'],
    capacity: 2,
    nightlyPrice: '52000.00',
    description:
      'Departamento luminoso a dos cuadras de la peatonal, ideal para parejas. Aire acondicionado, wifi y cochera.',
    // No primary photo on purpose: the lowest `order` is the fallback.
    photos: [
      { url: 'https://estadia.example/photos/depto-centro/balcon.jpg', caption: 'Balcón', order: 2 },
      { url: 'https://estadia.example/photos/depto-centro/living.jpg', caption: 'Living', order: 1 },
    ],
  },
  {
    slug: 'casa-del-bosque',
    name: 'Casa del Bosque',
    aliases: ['la casa', 'la del bosque'],
    capacity: 8,
    nightlyPrice: '140000.00',
    description:
      'Casa entre los pinos con pileta, quincho y parque grande. Cuatro dormitorios, tres baños, para grupos y familias.',
    photos: [
      {
        url: 'https://estadia.example/photos/casa-del-bosque/frente.jpg',
        caption: 'La casa desde el parque',
        order: 1,
        is_primary: true,
      },
    ],
  },
] as const;
