/** What this app asks MercadoPago for: one deposit (seña) of one reservation (integrations.md §3.2). */
export interface DepositPreferenceRequest {
  /** The reservation code: external_reference, the reconciliation key. */
  reference: string;
  title: string;
  description: string;
  /** Decimal string in `currency`, e.g. `"165000.00"`. */
  amount: string;
  currency: string;
  /** Where MercadoPago posts the payment notifications. */
  notificationUrl: string;
  /** The checkout can be paid from this instant (the hold's creation: stable across retries)… */
  availableFrom: Date;
  /** …until this one (the hold's expiry). */
  expiresAt: Date;
}

export interface CreatedPreference {
  id: string;
  /** The checkout link the guest opens. */
  initPoint: string;
}

export type MercadoPagoPaymentStatus =
  | 'pending'
  | 'approved'
  | 'authorized'
  | 'in_process'
  | 'in_mediation'
  | 'rejected'
  | 'cancelled'
  | 'refunded'
  | 'charged_back';

/** `GET /v1/payments/{id}`, reduced to what the confirmation decides on (§3.3), plus the raw body. */
export interface MercadoPagoPayment {
  id: string;
  /** Kept as sent: an unknown future status must not be mistaken for a known one. */
  status: string;
  statusDetail: string | null;
  externalReference: string | null;
  /** Decimal string with two decimals, never a float in our code. */
  amount: string;
  currency: string;
  liveMode: boolean;
  raw: Record<string, unknown>;
}
