import { FIELDS, THRESHOLDS, formatReport, loadCases, measure, type AccuracyReport } from './nlu-accuracy.js';

describe('parser on the shared labelled cases (test/fixtures/nlu-cases.jsonl)', () => {
  let report: AccuracyReport;

  beforeAll(() => {
    report = measure(loadCases('test/fixtures/nlu-cases.jsonl'));
    console.log(formatReport('nlu-cases.jsonl', report));
  });

  it('has the cases', () => {
    expect(report.total).toBeGreaterThanOrEqual(70);
  });

  it.each(FIELDS.map((f) => [f]))('%s accuracy meets its threshold', (field) => {
    expect(report.accuracy[field]).toBeGreaterThanOrEqual(THRESHOLDS[field]);
  });
});
