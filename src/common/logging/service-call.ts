import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AppError } from '../errors/app-error.js';
import { maskPhone } from './redaction.js';

/** Safe, loggable facts about a call (mask phones here); never the raw arguments. */
export type CallFields = (...args: never[]) => Record<string, unknown>;
type AsyncMethod = (...args: never[]) => Promise<unknown>;

function describeCall(fields: CallFields | undefined, args: never[]): Record<string, unknown> {
  try {
    return fields ? fields(...args) : {};
  } catch {
    // Logging must never break the call it describes.
    return {};
  }
}

/** Driver errors quote the failed SQL with its values: phone-like digit runs are masked. */
function safeMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\d{8,15}/g, (digits) => maskPhone(digits)).slice(0, 500);
}

/**
 * Wraps an async method so it logs `<operation>_started`, then `<operation>_completed` with
 * `duration_ms` and `success`, or `<operation>_failed` with `duration_ms`, `error` and `error_type`,
 * and rethrows. Expected domain failures log at warn, anything else at error.
 */
export function ServiceCall(operation: string, fields?: CallFields) {
  return function decorate<M extends AsyncMethod>(
    target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void {
    const original = descriptor.value;
    if (!original) return;
    const logger = new Logger(target.constructor.name);
    const wrapped = async function (this: unknown, ...args: never[]): Promise<unknown> {
      const context = describeCall(fields, args);
      const started = performance.now();
      logger.log({ ...context }, `${operation}_started`);
      try {
        const result = await original.apply(this, args);
        const duration_ms = Math.round((performance.now() - started) * 100) / 100;
        logger.log({ ...context, duration_ms, success: true }, `${operation}_completed`);
        return result;
      } catch (error) {
        const duration_ms = Math.round((performance.now() - started) * 100) / 100;
        const expected = error instanceof AppError;
        const entry = {
          ...context,
          duration_ms,
          success: false,
          error: expected ? error.code : safeMessage(error),
          error_type: error instanceof Error ? error.name : typeof error,
        };
        if (expected) logger.warn(entry, `${operation}_failed`);
        else logger.error(entry, `${operation}_failed`);
        throw error;
      }
    };
    // Keep metadata other decorators put on the method (Nest reads it from the function).
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    }
    Object.defineProperty(wrapped, 'name', { value: original.name });
    descriptor.value = wrapped as M;
  };
}
