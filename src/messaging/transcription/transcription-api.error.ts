export interface TranscriptionErrorDetails {
  /** HTTP status, null for network errors, timeouts and a missing configuration. */
  status: number | null;
  /** The API's `error.type` (`invalid_request_error`, `server_error`, …), when it sent one. */
  type: string | null;
  retryable: boolean;
  retryAfterMs?: number;
}

export class TranscriptionApiError extends Error {
  override name = 'TranscriptionApiError';
  constructor(
    message: string,
    readonly details: TranscriptionErrorDetails,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return this.details.retryable;
  }
}

/** No transcription API is configured (production without TRANSCRIPTION_API_URL). */
export class TranscriptionNotConfiguredError extends Error {
  override name = 'TranscriptionNotConfiguredError';
  constructor() {
    super('no transcription API is configured');
  }
}
