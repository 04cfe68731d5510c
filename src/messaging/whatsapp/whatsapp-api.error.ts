export interface WhatsAppErrorDetails {
  /** HTTP status, null for network errors and timeouts. */
  status: number | null;
  /** Graph API `error.code`. */
  code: number | null;
  retryable: boolean;
  retryAfterMs?: number;
  fbtraceId?: string;
}

/** Graph API codes that are final whatever the HTTP status says (integrations.md §2.6). */
export const FINAL_CODES = new Set([131047, 131026]);

export class WhatsAppApiError extends Error {
  override name = 'WhatsAppApiError';
  constructor(
    message: string,
    readonly details: WhatsAppErrorDetails,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/** Network errors, timeouts, 5xx and 429 are worth another try; every other answer is final. */
export function classifyHttpFailure(
  status: number,
  code: number | null,
): Pick<WhatsAppErrorDetails, 'retryable'> {
  if (code !== null && FINAL_CODES.has(code)) return { retryable: false };
  return { retryable: status >= 500 || status === 429 };
}

export class MediaTooLargeError extends Error {
  override name = 'MediaTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`media is larger than ${maxBytes} bytes`);
  }
}
