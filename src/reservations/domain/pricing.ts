/**
 * Prices in exact integer arithmetic on decimal strings: a float would turn $85.500,50 × 7 into
 * 598503.4999… Amounts are at most two decimals; percents at most two as well.
 */
const AMOUNT = /^(\d+)(?:\.(\d{1,2}))?$/;

/** "85500.5" → 8550050n (cents). Throws on anything that is not a non-negative decimal. */
export function toCents(amount: string): bigint {
  const match = AMOUNT.exec(amount.trim());
  if (!match) throw new RangeError(`Not a decimal amount: ${amount}`);
  return BigInt(match[1]) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
}

export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export interface Quote {
  nights: number;
  nightlyPrice: string;
  totalPrice: string;
  depositAmount: string;
}

/** total = nights × nightly price; deposit = total × percent, rounded half up to whole pesos. */
export function quote(nightlyPrice: string, nights: number, depositPercent: string): Quote {
  if (!Number.isInteger(nights) || nights < 1) throw new RangeError(`Invalid number of nights: ${nights}`);
  const nightly = toCents(nightlyPrice);
  const total = nightly * BigInt(nights);
  // percent in hundredths (30.00 % → 3000), so deposit cents = total × p / 10000.
  const percentHundredths = toCents(depositPercent);
  if (percentHundredths > 10000n) throw new RangeError(`Deposit percent over 100: ${depositPercent}`);
  const denominator = 10000n * 100n; // → whole pesos
  const numerator = total * percentHundredths;
  const pesos = (numerator * 2n + denominator) / (denominator * 2n);
  return {
    nights,
    nightlyPrice: fromCents(nightly),
    totalPrice: fromCents(total),
    depositAmount: fromCents(pesos * 100n),
  };
}
