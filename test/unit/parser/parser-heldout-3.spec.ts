import { FIELDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

// A third set, written in session 7 before running the parser on it, in eight batches; each batch was
// run once as written, its misses fixed, then the next one written. First runs: h3 62/69 intents (every
// date, head count, code and place right); h4 52/56 intents, 55/56 head counts; h5 35/36 exact ("para 2
// personas con un bebé"); h6 34/37 ("para año nuevo del 30 al 2", "cómo es el tema de la seña", "hay
// lugar para estacionar"); h7 28/30 ("quiero reserbar", "hay algo más barato que la casa"); h8 22/24
// ("cuál es el check out?", "… qué opciones hay?"); h9 23/25 ("tienen cuna para el bebé?", "si pago hoy
// me lo confirmás?" read as a stay today; two repeats dropped), plus three h9-x cases written after that
// fix; h10 15/18 ("es apto mascotas la casa…" lost the place to "apto" = apartment, "sí, quiero esa",
// "mi reserva … está paga?"). Earlier misses included "reservá entonces", "reservarme", "2+2", "pagué … no me llegó nada",
// "sale $85.000 la noche", "se puede ir con perro", "quiero señar", "a qué distancia". All were fixed,
// so the file now guards them (every case must parse exactly) rather than measuring anything.
const FILE = 'test/fixtures/nlu-heldout-3.jsonl';

describe(`parser on the third set of guest messages (${FILE})`, () => {
  let report: AccuracyReport;

  beforeAll(() => {
    report = measure(loadCases(FILE));
    console.log(formatReport('nlu-heldout-3.jsonl', report));
  });

  it('repeats no message of the other fixture files', () => {
    const others = new Set(
      ['nlu-cases.jsonl', 'nlu-extra.jsonl', 'nlu-heldout.jsonl', 'nlu-heldout-2.jsonl'].flatMap((f) =>
        loadCases(`test/fixtures/${f}`).map((c) => c.text.toLowerCase()),
      ),
    );
    expect(loadCases(FILE).filter((c) => others.has(c.text.toLowerCase()))).toEqual([]);
  });

  it('parses every case exactly', () => {
    expect(FIELDS.flatMap((f) => report.misses[f])).toEqual([]);
  });
});
