import { FIELDS, THRESHOLDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

// A second held-out set, written separately from nlu-heldout.jsonl by another author, on phrasings the
// parser was not built from (a month named before the days, "x 3 noches", "¿te llegó el pago?").
describe('parser on held-out guest messages (test/fixtures/nlu-heldout-2.jsonl)', () => {
  let report: AccuracyReport;

  beforeAll(() => {
    report = measure(loadCases('test/fixtures/nlu-heldout-2.jsonl'));
    console.log(formatReport('nlu-heldout-2.jsonl', report));
  });

  it('none repeats another fixture file', () => {
    const seen = new Set(
      ['nlu-cases.jsonl', 'nlu-extra.jsonl', 'nlu-heldout.jsonl'].flatMap((f) =>
        loadCases(`test/fixtures/${f}`).map((c) => c.text.toLowerCase()),
      ),
    );
    expect(
      loadCases('test/fixtures/nlu-heldout-2.jsonl').filter((c) => seen.has(c.text.toLowerCase())),
    ).toEqual([]);
  });

  it.each(FIELDS.map((f) => [f]))('%s accuracy meets its threshold', (field) => {
    expect(report.accuracy[field]).toBeGreaterThanOrEqual(THRESHOLDS[field]);
  });
});
