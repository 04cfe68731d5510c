/**
 * MercadoPago wants dates as ISO 8601 with milliseconds and an offset (integrations.md §3.2).
 * Argentina has kept UTC−03:00 all year since 2009, so the offset is fixed.
 */
export function argentineTimestamp(instant: Date): string {
  const shifted = new Date(instant.getTime() - 3 * 3_600_000);
  return shifted.toISOString().replace('Z', '-03:00');
}

/** `transaction_amount` arrives as a JSON number; from here on it is a two-decimal string. */
export function amountFromJson(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return value.toFixed(2);
}

/** Decimal string → whole cents, exactly (no float on the way), for comparing money. */
export function toCents(amount: string): bigint | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) return null;
  return BigInt(match[1]!) * 100n + BigInt((match[2] ?? '0').padEnd(2, '0'));
}
