export interface MercadoPagoErrorDetails {
  /** HTTP status, null for network errors and timeouts. */
  status: number | null;
  /** MercadoPago's `error` field (e.g. `bad_request`, `not_found`), when it sent one. */
  error: string | null;
  retryable: boolean;
  retryAfterMs?: number;
}

export class MercadoPagoApiError extends Error {
  override name = 'MercadoPagoApiError';
  constructor(
    message: string,
    readonly details: MercadoPagoErrorDetails,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/** Network errors, timeouts, 5xx and 429 are worth another try; every other answer is final. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

/**
 * MercadoPago refused the request itself (400/422): sending it again cannot help. A 401/403 (a token
 * being rotated) or an unreadable answer is worth another try later, once someone fixed the cause.
 */
export function isRefusal(error: unknown): boolean {
  return (
    error instanceof MercadoPagoApiError && (error.details.status === 400 || error.details.status === 422)
  );
}
