/**
 * Formatting shared by the guest messages that payments and reservations queue: the same conventions as the
 * conversation's texts (money in ARS without cents, dates dd/mm/yyyy), which messaging cannot import.
 */
const ARS = new Intl.NumberFormat('es-AR', {
  style: 'currency',
  currency: 'ARS',
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

/** "85000.00" → "$ 85.000", whole pesos through BigInt (never a float), cents rounded half up. */
export function formatMoney(amount: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return amount;
  let pesos = BigInt(match[2]!);
  if ((match[3] ?? '0').padEnd(2, '0').slice(0, 2) >= '50') pesos += 1n;
  return ARS.format(match[1] === '-' ? -pesos : pesos);
}

/** "2027-01-15" → "15/01/2027". */
export function formatStayDate(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** What every payment message says about the stay. */
export interface StayView {
  code: string;
  placeName: string;
  checkIn: string;
  checkOut: string;
}
