// Finds what the guest said about dates, without deciding yet which calendar days that means:
// explicit ranges, single days with their role (stay / arrival / departure), lengths of stay,
// weekends and phrases that are deliberately too vague to turn into dates.

import type { DateToken } from './date-tokens.js';

export interface DateSpec {
  day?: number;
  month?: number;
  year?: number;
  weekday?: number;
  /** Days after today, for "hoy", "mañana", "pasado mañana". */
  offset?: number;
  /** "este sábado" may be today; a bare "el sábado" said on a Saturday means next week's. */
  thisWeek?: boolean;
}

/** `stay`: one night unless told otherwise; `from`: arrival only; `until`: departure. */
export type Role = 'stay' | 'from' | 'until';

export type WeekendWhich = 'this' | 'next' | 'vague';

interface Span {
  start: number;
  end: number;
}

export type DateMention = Span &
  (
    | { kind: 'range'; from: DateSpec; to: DateSpec; listsNights: boolean }
    | { kind: 'single'; spec: DateSpec; role: Role }
    | { kind: 'nights'; nights: number }
    | { kind: 'weekend'; which: WeekendWhich; around?: DateSpec }
    /** "dentro de dos semanas", "en 10 dias": an offset from now, resolved by chrono. */
    | { kind: 'relative' }
    | { kind: 'vague' }
  );

interface Atom {
  spec: DateSpec;
  end: number; // token index after the atom
  /** A lone day number ("15") with neither month nor weekday: only a date when a cue precedes it. */
  bare: boolean;
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(' '));
}

// Words after a number that make it a count of something rather than a day of the month.
const COUNT_NOUNS = words(
  'personas persona pax huespedes huesped adultos adulto mayores chicos chicas nenes nenas nene nena ' +
    'ninos ninas nino nina menores bebes bebe hijos hijas pasajeros viajeros parejas amigos amigas ' +
    'integrantes personitas familias matrimonios noches noche nochecitas noch dias semanas semana meses ' +
    'mes anos ano pibes grandes mas x',
);
// A lone day number needs one of these right before it: "el 15", "del 15", "al 15", "dia 15".
const DAY_CUES = words('el del al dia desde hasta entre');
// Cues that make two lone numbers a range even without a month: "del 10 al 15", "entre el 10 y el 15".
const RANGE_CUES = words('del desde entre noches dias');
const LINK_WORDS = words('al a hasta y');
const LINK_FILLER = words('el la dia los');
// Skipped when looking for what introduced a date ("desde el dia 10" → "desde").
const ARTICLES = words('el la dia los las');
// Words that make a following number a head count, not a day ("somos 4 al ...").
const COUNT_VERBS = words('somos seriamos seremos vamos para x por iriamos viajamos');

// A date after these is when the guest arrives; after UNTIL_WORDS, when they leave.
const FROM_WORDS = words(
  'desde partir llegamos llego llegaria llegariamos llegando llegada entramos entrando entro ' +
    'entrariamos ingreso ingresamos ingresando ingresariamos entrada checkin arrancando arrancamos ' +
    'empezando caemos caeriamos',
);
const UNTIL_WORDS = words(
  'hasta salimos saliendo salida egreso volvemos regresamos checkout retiramos saldriamos partida ' +
    'dejamos dejariamos liberamos',
);

export class DateGrammar {
  constructor(private readonly tokens: readonly DateToken[]) {}

  scan(): DateMention[] {
    const mentions: DateMention[] = [];
    const n = this.tokens.length;
    for (let i = 0; i < n;) {
      const found =
        this.invalidDateAt(i) ??
        this.weekendAt(i) ??
        this.vagueAt(i) ??
        this.dayListAt(i) ??
        this.rangeAt(i) ??
        this.nightsAt(i) ??
        this.relativeAt(i) ??
        this.singleAt(i);
      if (found) {
        mentions.push(found.mention);
        i = found.next;
      } else {
        i++;
      }
    }
    return mentions;
  }

  // ---- token helpers -------------------------------------------------------------------------

  private word(i: number): string | undefined {
    const t = this.tokens[i];
    return t?.kind === 'word' ? t.text : undefined;
  }

  private isWord(i: number, ...words: string[]): boolean {
    const w = this.word(i);
    return w !== undefined && words.includes(w);
  }

  private isMark(i: number, text: string): boolean {
    const t = this.tokens[i];
    return t?.kind === 'mark' && t.text === text;
  }

  private span(from: number, toExclusive: number): Span {
    return { start: this.tokens[from]!.start, end: this.tokens[toExclusive - 1]!.end };
  }

  private quantityFollows(i: number): boolean {
    const w = this.word(i);
    if (w !== undefined) return COUNT_NOUNS.has(w);
    return this.isMark(i, '+');
  }

  // ---- atoms ---------------------------------------------------------------------------------

  private atomAt(i: number): Atom | null {
    let j = i;
    let weekday: number | undefined;
    const first = this.tokens[j];
    if (first?.kind === 'weekday') {
      weekday = first.value;
      j++;
      if (this.isWord(j, 'dia')) j++;
    }
    const t = this.tokens[j];
    if (t?.kind === 'dm') {
      // "24/12 x 3 noches": after a written date, "x" is "por", not a count of something.
      const counted = this.quantityFollows(j + 1) && !this.isWord(j + 1, 'x');
      if (t.day >= 1 && t.day <= 31 && t.month >= 1 && t.month <= 12 && !counted) {
        const spec: DateSpec = { day: t.day, month: t.month, weekday };
        if (t.year !== null) spec.year = t.year;
        return { spec, end: j + 1, bare: false };
      }
      return weekday === undefined ? null : { spec: { weekday }, end: j, bare: false };
    }
    if (
      t?.kind === 'num' &&
      t.raw.length <= 2 &&
      t.value >= 1 &&
      t.value <= 31 &&
      !this.quantityFollows(j + 1)
    ) {
      const spec: DateSpec = { day: t.value, weekday };
      let end = j + 1;
      let at = end;
      if (this.isWord(at, 'de', 'del')) at++;
      const m = this.tokens[at];
      if (m?.kind === 'month') {
        spec.month = m.value;
        end = at + 1;
        if (m.abbreviated && this.isMark(end, '.')) end++;
        end = this.yearAfter(end, spec);
      }
      return { spec, end, bare: spec.month === undefined && weekday === undefined };
    }
    // "diciembre 15": month-first is rarer and only accepted with the full month name.
    if (t?.kind === 'month' && !t.abbreviated && weekday === undefined) {
      const d = this.tokens[j + 1];
      if (
        d?.kind === 'num' &&
        d.raw.length <= 2 &&
        d.value >= 1 &&
        d.value <= 31 &&
        !this.quantityFollows(j + 2)
      ) {
        const spec: DateSpec = { day: d.value, month: t.value };
        return { spec, end: this.yearAfter(j + 2, spec), bare: false };
      }
    }
    if (weekday !== undefined) return { spec: { weekday }, end: j, bare: false };
    return null;
  }

  private yearAfter(i: number, spec: DateSpec): number {
    let at = i;
    if (this.isWord(at, 'de', 'del') || this.isMark(at, ',')) at++;
    const y = this.tokens[at];
    if (y?.kind === 'num' && y.raw.length === 4 && y.value >= 2000 && y.value <= 2100) {
      spec.year = y.value;
      return at + 1;
    }
    return i;
  }

  private wordBefore(i: number, skip: ReadonlySet<string>): string | undefined {
    for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
      const w = this.word(k);
      if (w === undefined) return undefined;
      if (!skip.has(w)) return w;
    }
    return undefined;
  }

  private hasDayCue(i: number): boolean {
    const w = this.word(i - 1);
    return w !== undefined && DAY_CUES.has(w);
  }

  /** "este sábado": the modifier sits just before the weekday. */
  private markThisWeek(i: number, spec: DateSpec): void {
    if (spec.weekday !== undefined && this.isWord(i - 1, 'este', 'esta')) spec.thisWeek = true;
  }

  // ---- mentions ------------------------------------------------------------------------------

  private rangeAt(i: number): { mention: DateMention; next: number } | null {
    const a = this.atomAt(i);
    if (!a) return null;
    let j = a.end;
    let link: string | undefined;
    for (let k = 0; k < 3; k++) {
      const w = this.word(j);
      if (w !== undefined && LINK_WORDS.has(w) && link === undefined) link = w;
      else if (this.isMark(j, '-') && link === undefined) link = '-';
      else if (!(w !== undefined && LINK_FILLER.has(w) && link !== undefined)) break;
      j++;
    }
    if (link === undefined) return null;
    const b = this.atomAt(j);
    if (!b) return null;

    const before = this.wordBefore(i, ARTICLES);
    const cued = before !== undefined && RANGE_CUES.has(before);
    if (a.bare && COUNT_VERBS.has(this.word(i - 1) ?? '')) return null;
    if (a.bare && b.bare && !cued && !this.hasDayCue(i)) return null;
    if (a.bare && !this.hasDayCue(i) && !cued && (link === 'y' || link === 'a')) return null;
    if (a.bare && b.bare && link === '-' && (b.spec.day ?? 0) <= (a.spec.day ?? 0)) return null;
    // A weekday joined to a lone number ("el sabado y 2 mas") is not a range.
    if (b.bare && a.spec.day === undefined) return null;

    let start = i;
    if (this.isWord(i - 1, 'el', 'la') || this.isWord(i - 1, 'del', 'desde', 'entre')) start = i - 1;
    this.markThisWeek(i, a.spec);
    // "el 24 y 25" lists the nights, so departure is the day after the last one; "entre el 10 y el
    // 15" and weekday pairs ("sábado y domingo") name the departure day itself.
    const listsNights = link === 'y' && before !== 'entre' && b.spec.day !== undefined;
    return {
      mention: { kind: 'range', from: a.spec, to: b.spec, listsNights, ...this.span(start, b.end) },
      next: b.end,
    };
  }

  /** "4, 5 y 6 de enero": the nights listed, so departure is the day after the last one. */
  private dayListAt(i: number): { mention: DateMention; next: number } | null {
    const first = this.atomAt(i);
    if (!first || !first.bare || !this.isMark(first.end, ',')) return null;
    let j = first.end;
    while (this.isMark(j, ',')) {
      const t = this.tokens[j + 1];
      if (t?.kind !== 'num' || t.value > 31) return null;
      j += 2;
    }
    if (!this.isWord(j, 'y')) return null;
    const last = this.atomAt(j + 1);
    if (!last || (last.bare && !this.hasDayCue(i))) return null;
    return {
      mention: {
        kind: 'range',
        from: first.spec,
        to: last.spec,
        listsNights: true,
        ...this.span(i, last.end),
      },
      next: last.end,
    };
  }

  private singleAt(i: number): { mention: DateMention; next: number } | null {
    const a = this.atomAt(i);
    if (!a) return null;
    if (a.bare && !this.hasDayCue(i)) return null;
    this.markThisWeek(i, a.spec);
    let role: Role = this.roleBefore(i);
    let end = a.end;
    // "del 10 en adelante", "a partir del 10 para adelante"
    if (this.isWord(end, 'en', 'para') && this.isWord(end + 1, 'adelante', 'mas')) {
      role = 'from';
      end += 2;
    }
    // "el sábado que viene"
    if (this.isWord(end, 'que') && this.isWord(end + 1, 'viene')) end += 2;
    return { mention: { kind: 'single', spec: a.spec, role, ...this.span(i, end) }, next: end };
  }

  private roleBefore(i: number): Role {
    for (let k = i - 1; k >= 0 && k >= i - 4; k--) {
      const w = this.word(k);
      if (w === undefined) break;
      if (FROM_WORDS.has(w)) return 'from';
      if (w === 'in' && this.isWord(k - 1, 'check')) return 'from';
      if (w === 'out' && this.isWord(k - 1, 'check')) return 'until';
      if (UNTIL_WORDS.has(w)) return 'until';
      // "nos vamos el 15" leaves; "vamos el 15" arrives.
      if ((w === 'vamos' || w === 'iriamos') && this.isWord(k - 1, 'nos')) return 'until';
      if (w === 'voy' && this.isWord(k - 1, 'me')) return 'until';
    }
    return 'stay';
  }

  private nightsAt(i: number): { mention: DateMention; next: number } | null {
    const t = this.tokens[i];
    let count: number | undefined;
    if (t?.kind === 'num' && t.value >= 1 && t.value <= 60) count = t.value;
    else if (this.isWord(i, 'una', 'un')) count = 1;
    if (count === undefined) return null;
    const unit = this.word(i + 1);
    let nights: number | undefined;
    if (unit === 'noche' || unit === 'noches' || unit === 'nochecitas' || unit === 'noch') nights = count;
    // Guests say "3 dias" for a three-night stay far more often than for two nights.
    else if (unit === 'dia' || unit === 'dias' || unit === 'diitas') nights = count;
    else if (unit === 'semana' || unit === 'semanas' || unit === 'semanita') nights = count * 7;
    else if (unit === 'quincena') nights = count * 15;
    if (nights === undefined) return null;
    // "en 10 dias", "dentro de 2 semanas" say when, not how long.
    const inTime = this.isWord(i - 1, 'en') || (this.isWord(i - 1, 'de') && this.isWord(i - 2, 'dentro'));
    if (inTime && unit !== undefined && !unit.startsWith('noch')) {
      const from = this.isWord(i - 1, 'en') ? i - 1 : i - 2;
      return { mention: { kind: 'relative', ...this.span(from, i + 2) }, next: i + 2 };
    }
    return { mention: { kind: 'nights', nights, ...this.span(i, i + 2) }, next: i + 2 };
  }

  private relativeAt(i: number): { mention: DateMention; next: number } | null {
    const w = this.word(i);
    const single = (offset: number, next: number): { mention: DateMention; next: number } => ({
      mention: { kind: 'single', spec: { offset }, role: this.roleBefore(i), ...this.span(i, next) },
      next,
    });
    if (w === 'hoy') return single(0, i + 1);
    if (w === 'esta' && this.isWord(i + 1, 'noche')) return single(0, i + 2);
    if (w === 'pasado' && this.isWord(i + 1, 'manana')) return single(2, i + 2);
    if (w === 'manana' || w === 'mnn' || w === 'maniana') {
      // "a la mañana", "de mañana", "esta mañana" are the morning, not tomorrow.
      if (this.isWord(i - 1, 'la', 'de', 'esta', 'por', 'las')) return null;
      // "mañana y pasado": the nights of both days
      if (this.isWord(i + 1, 'y') && this.isWord(i + 2, 'pasado')) {
        const end = this.isWord(i + 3, 'manana') ? i + 4 : i + 3;
        return {
          mention: {
            kind: 'range',
            from: { offset: 1 },
            to: { offset: 2 },
            listsNights: true,
            ...this.span(i, end),
          },
          next: end,
        };
      }
      return single(1, i + 1);
    }
    return null;
  }

  private weekendAt(i: number): { mention: DateMention; next: number } | null {
    let end: number;
    if (this.isWord(i, 'finde', 'fds', 'weekend', 'findesemana')) end = i + 1;
    else if (this.isWord(i, 'fin') && this.isWord(i + 1, 'de') && this.isWord(i + 2, 'semana', 'sem'))
      end = i + 3;
    else if (this.isWord(i, 'findes'))
      return { mention: { kind: 'vague', ...this.span(i, i + 1) }, next: i + 1 };
    else return null;

    let which: WeekendWhich = 'this';
    const before = this.word(i - 1);
    if (before === 'proximo' || before === 'siguiente') which = 'next';
    if (before === 'otro') which = 'vague';
    if (this.isWord(end, 'largo', 'xl', 'extra')) {
      which = 'vague';
      end++;
    } else if (this.isWord(end, 'que') && this.isWord(end + 1, 'viene')) {
      which = 'next';
      end += 2;
    } else if (this.isWord(end, 'proximo', 'siguiente')) {
      which = 'next';
      end++;
    }
    let around: DateSpec | undefined;
    if (this.isWord(end, 'del', 'de')) {
      // "el finde del 12": the weekend around that day. For a vague weekend ("el finde largo del 8")
      // the day is swallowed so it is not read as a one-night stay either.
      const a = this.atomAt(end + 1);
      if (a && a.spec.day !== undefined) {
        if (which !== 'vague') around = a.spec;
        end = a.end;
      }
    }
    const start =
      before === 'este' || before === 'el' || before === 'proximo' || before === 'otro' ? i - 1 : i;
    const mention: DateMention = { kind: 'weekend', which, ...this.span(start, end) };
    if (around) mention.around = around;
    return { mention, next: end };
  }

  /**
   * "12/31" is not a date (dd/mm only, never mm/dd). Whatever it was ranged with is dropped too,
   * rather than leaving a lone "1/5" to be read as a one-night stay.
   */
  private invalidDateAt(i: number): { mention: DateMention; next: number } | null {
    const t = this.tokens[i];
    if (t?.kind !== 'dm' || (t.day >= 1 && t.day <= 31 && t.month >= 1 && t.month <= 12)) return null;
    let end = i + 1;
    if (this.isWord(end, 'al', 'a', 'hasta', 'y') || this.isMark(end, '-')) {
      let j = end + 1;
      if (this.isWord(j, 'el')) j++;
      const b = this.tokens[j];
      if (b?.kind === 'dm' || b?.kind === 'num') end = j + 1;
    }
    return { mention: { kind: 'vague', ...this.span(i, end) }, next: end };
  }

  private vagueAt(i: number): { mention: DateMention; next: number } | null {
    const w = this.word(i);
    // "la semana que viene", "la proxima semana", "esta semana", "la semana del 10": no way to know
    // which nights, so nothing inside them may be read as a one-night stay.
    if (w === 'semana' && this.isWord(i - 1, 'la', 'esta', 'proxima', 'otra')) {
      let end = i + 1;
      if (this.isWord(end, 'que') && this.isWord(end + 1, 'viene')) end += 2;
      else if (this.isWord(end, 'del', 'de')) {
        // "la semana del 10 al 17 de enero" gives the nights after all
        if (this.rangeAt(end + 1)) return null;
        const a = this.atomAt(end + 1);
        if (a) end = a.end;
      }
      return { mention: { kind: 'vague', ...this.span(i - 1, end) }, next: end };
    }
    if (w === 'fin' && this.isWord(i + 1, 'de') && this.isWord(i + 2, 'mes', 'ano')) {
      return { mention: { kind: 'vague', ...this.span(i, i + 3) }, next: i + 3 };
    }
    if (
      (w === 'principios' || w === 'mediados' || w === 'fines' || w === 'finales') &&
      this.isWord(i + 1, 'de')
    ) {
      return { mention: { kind: 'vague', ...this.span(i, i + 2) }, next: i + 2 };
    }
    return null;
  }
}
