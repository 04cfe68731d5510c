import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ReservationRecord } from '../reservations/domain/reservation-record.js';

/** Where a guest pays the deposit of a hold. The MercadoPago issue replaces the sandbox binding. */
export abstract class DepositLinks {
  abstract linkFor(reservation: ReservationRecord): Promise<string>;
}

/**
 * Until the MercadoPago client exists: a stable checkout URL on this app's own base address, so the
 * conversation can already send a link and the replacement is a one-line binding change.
 */
@Injectable()
export class SandboxDepositLinks extends DepositLinks {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
  }

  linkFor(reservation: ReservationRecord): Promise<string> {
    const base = this.config.http.publicBaseUrl ?? `http://127.0.0.1:${this.config.http.port}`;
    return Promise.resolve(`${base}/sandbox/checkout/${encodeURIComponent(reservation.code)}`);
  }
}
