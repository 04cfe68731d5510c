/** What EmbeddedPostgres and its worker thread say to each other. */
export interface EmbeddedPostgresStart {
  readonly dataDir?: string;
}

export type EmbeddedPostgresReply =
  | { readonly type: 'listening'; readonly url: string }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly message: string };
