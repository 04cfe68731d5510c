/**
 * Base of every expected, domain-level failure. `code` is the stable machine name that clients and
 * the guest-text mapping branch on; the message is for operators, never shown to guests.
 */
export abstract class AppError<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  abstract readonly httpStatus: number;
}
