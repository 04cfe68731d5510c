/** The one error shape of the HTTP API: `{"error": "<code>", "message": "<text>"}` plus optional extras. */
export interface ErrorBody {
  error: string;
  message: string;
  [extra: string]: unknown;
}

const GENERIC_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  503: 'service_unavailable',
};

export function genericCode(status: number): string {
  return GENERIC_CODES[status] ?? (status >= 500 ? 'internal_error' : 'bad_request');
}
