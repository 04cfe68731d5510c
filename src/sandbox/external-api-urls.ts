/**
 * Where each external API is reached, resolved once at start: the configured URL, or in development
 * the loopback fake the SandboxModule started. Clients read their base URL only from here, so the
 * sandbox and the tests replace the URL, never the code path.
 */
export abstract class ExternalApiUrls {
  /** Graph API base including the version, e.g. `https://graph.facebook.com/v25.0`. */
  abstract readonly whatsapp: string;
  /**
   * OpenAI-compatible base the client appends `/audio/transcriptions` to; undefined when production
   * has none configured, and voice notes are then politely refused.
   */
  abstract readonly transcription: string | undefined;
  /** MercadoPago API base, e.g. `https://api.mercadopago.com`. */
  abstract readonly mercadopago: string;
}
