import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignatureInput {
  /** The `x-signature` header: `ts=<ts>,v1=<hex>` (unknown keys such as a future v2 ignored). */
  xSignature: unknown;
  xRequestId: unknown;
  /** `data.id` from the URL query string, as received. */
  dataId: unknown;
  secret: string;
}

/**
 * The manifest MercadoPago signs (integrations.md §3.5): `id:<data.id>;request-id:<x-request-id>;ts:<ts>;`
 * in that order with the trailing `;`, a missing data.id or request id dropping its whole pair, and
 * an alphanumeric data.id lower-cased (numeric ids are unchanged by that anyway).
 */
export function signatureManifest(
  dataId: string | undefined,
  requestId: string | undefined,
  ts: string,
): string {
  const id = dataId ? `id:${dataId.toLowerCase()};` : '';
  const request = requestId ? `request-id:${requestId};` : '';
  return `${id}${request}ts:${ts};`;
}

/** `ts` and `v1` of the header; null when either is missing or malformed. */
export function parseSignatureHeader(header: unknown): { ts: string; v1: string } | null {
  if (typeof header !== 'string') return null;
  let ts: string | undefined;
  let v1: string | undefined;
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 'ts') ts = value;
    else if (key === 'v1') v1 = value;
  }
  if (!ts || !/^\d{1,16}$/.test(ts) || !v1 || !/^[0-9a-fA-F]{64}$/.test(v1)) return null;
  return { ts, v1: v1.toLowerCase() };
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * HMAC-SHA256 of the manifest with the webhook secret, compared in constant time with `v1`. No
 * timestamp tolerance: MercadoPago documents none and its `ts` unit is ambiguous (§3.5), and a
 * replayed notification changes nothing here, since processing fetches the payment's real state.
 */
export function validMercadoPagoSignature(input: SignatureInput): boolean {
  const parsed = parseSignatureHeader(input.xSignature);
  if (!parsed) return false;
  const manifest = signatureManifest(text(input.dataId), text(input.xRequestId), parsed.ts);
  const expected = Buffer.from(createHmac('sha256', input.secret).update(manifest).digest('hex'), 'utf8');
  const got = Buffer.from(parsed.v1, 'utf8');
  return got.length === expected.length && timingSafeEqual(got, expected);
}
