import { HttpException } from '@nestjs/common';
import { AppError } from './app-error.js';
import { genericCode, type ErrorBody } from './error-body.js';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  /** Unexpected failures are logged with their stack; expected ones are not. */
  unexpected: boolean;
}

interface StatusCarrier {
  statusCode?: unknown;
  status?: unknown;
  code?: unknown;
  message?: unknown;
}

function fromHttpException(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && 'error' in response) {
    const body = response as Record<string, unknown>;
    // Our own bodies are final; Nest's built-ins add `statusCode` and carry a title such as "Not Found".
    if (typeof body.error === 'string' && typeof body.message === 'string' && !('statusCode' in body)) {
      return { status, body: body as ErrorBody, unexpected: false };
    }
  }
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as StatusCarrier).message === 'string'
        ? ((response as StatusCarrier).message as string)
        : error.message;
  return { status, body: { error: genericCode(status), message }, unexpected: status >= 500 };
}

/** One mapping from anything thrown to the API's error shape, shared by Nest's filter and Fastify's handler. */
export function toErrorResponse(error: unknown): ErrorResponse {
  if (error instanceof AppError) {
    return {
      status: error.httpStatus,
      body: { error: error.code, message: error.message, ...(error.details ?? {}) },
      unexpected: false,
    };
  }
  if (error instanceof HttpException) return fromHttpException(error);

  // Fastify's own errors (body too large, malformed JSON, bad content type) carry a 4xx statusCode.
  const carrier = (error ?? {}) as StatusCarrier;
  const status = typeof carrier.statusCode === 'number' ? carrier.statusCode : 500;
  if (status >= 400 && status < 500) {
    const message =
      status === 413
        ? 'Request body is larger than the 16 MB limit'
        : carrier.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
          ? 'Request body is not valid JSON'
          : typeof carrier.message === 'string'
            ? carrier.message
            : 'Bad request';
    const code =
      carrier.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'invalid_json'
        : genericCode(status);
    return { status, body: { error: code, message }, unexpected: false };
  }
  return {
    status: 500,
    body: { error: 'internal_error', message: 'Something went wrong on our side' },
    unexpected: true,
  };
}
