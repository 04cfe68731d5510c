// chrono-node resolves relative offsets ("dentro de dos semanas", "en 10 dias") in the business's
// zone. It only ever sees the phrase the date grammar already identified: on free text its Spanish
// parser reads hours into bare numbers ("domingo 10" → 10:00), takes "4/5 personas" for a date and
// guesses years for month-first dates. Only results certain to the day, without a clock time, count.

import * as chrono from 'chrono-node';
import { makeDate, type CalendarDate } from './calendar.js';

export function resolveRelativeDate(phrase: string, now: Date, utcOffset: number): CalendarDate | null {
  const results = chrono.es.parse(phrase, { instant: now, timezone: utcOffset }, { forwardDate: true });
  for (const r of results) {
    const s = r.start;
    if (!s.isCertain('day') || !s.isCertain('month') || s.isCertain('hour')) continue;
    const year = s.get('year');
    const month = s.get('month');
    const day = s.get('day');
    if (year === null || month === null || day === null) continue;
    return makeDate(year, month, day);
  }
  return null;
}
