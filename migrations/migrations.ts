import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000_initial } from './Migration20261127000000_initial.js';
import { Migration20261127120000_inbox_preparation } from './Migration20261127120000_inbox_preparation.js';
import { Migration20261128120000_ical_sync } from './Migration20261128120000_ical_sync.js';
import { Migration20261128130000_payment_flow } from './Migration20261128130000_payment_flow.js';
import { Migration20261128140000_conversation_awaiting } from './Migration20261128140000_conversation_awaiting.js';
import { Migration20261128150000_inbox_revivals } from './Migration20261128150000_inbox_revivals.js';

/**
 * Explicit, ordered list instead of a folder glob: the same list works from TypeScript (jest) and
 * from the compiled build, and a migration can never be skipped because of a file extension.
 */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127000000_initial', class: Migration20261127000000_initial },
  { name: 'Migration20261127120000_inbox_preparation', class: Migration20261127120000_inbox_preparation },
  { name: 'Migration20261128120000_ical_sync', class: Migration20261128120000_ical_sync },
  { name: 'Migration20261128130000_payment_flow', class: Migration20261128130000_payment_flow },
  {
    name: 'Migration20261128140000_conversation_awaiting',
    class: Migration20261128140000_conversation_awaiting,
  },
  { name: 'Migration20261128150000_inbox_revivals', class: Migration20261128150000_inbox_revivals },
];
