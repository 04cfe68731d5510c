import { FIELDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

// A third set, written in session 7 before running the parser on it (h3-* first, then h4-* after the
// first fixes, h5-* and h6-* after later ones). First runs: h3 62/69 intents right (every date, head
// count, code and place right); h4 52/56 intents and 55/56 head counts; h5 36/36 intents, dates, codes
// and places, 35/36 head counts ("para 2 personas con un bebé"); h6 35/37 intents, 36/37 dates ("para
// año nuevo del 30 al 2", "cómo es el tema de la seña", "hay lugar para estacionar"; "ayuda" dropped as
// a repeat). The misses ("reservá entonces", "reservarme", "2+2",
// "pagué … no me llegó nada", "sale $85.000 la noche", "se puede ir con perro", "quiero señar",
// "a qué distancia") were then fixed, so this file now guards them rather than measuring anything.
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
