import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** No 0/O, 1/I: a guest reads the code aloud or types it from a screenshot. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_PATTERN = /^RES-[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{6}$/;

/** `RES-` + 6 characters drawn with a CSPRNG (randomInt is unbiased, unlike `byte % 32` would be for other sizes). */
export function newReservationCode(): string {
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `RES-${suffix}`;
}

/** Codes typed by people arrive in any case and with stray spaces. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Injectable source of new codes, so tests can force a collision with an existing one. */
@Injectable()
export class ReservationCodes {
  next(): string {
    return newReservationCode();
  }
}
