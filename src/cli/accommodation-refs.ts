import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config/app-config.js';
import type { AccommodationRef } from '../conversation/parser/parser.types.js';
import { DatabaseConnection } from '../database/database-connection.js';
import { ormOptions } from '../database/orm-options.js';
import { Accommodation } from '../reservations/entities/accommodation.entity.js';

/**
 * The places the parser matches names against, read from the configured database as the bot sees
 * them (active only). Read-only: it applies no migrations, so an operator can point it at production.
 */
export async function readAccommodationRefs(env: NodeJS.ProcessEnv): Promise<AccommodationRef[]> {
  const connection = await DatabaseConnection.open(loadConfig(env));
  let orm: MikroORM | undefined;
  try {
    orm = await MikroORM.init({ ...ormOptions(connection, () => undefined), entities: [Accommodation] });
    const places = await orm.em
      .fork()
      .find(
        Accommodation,
        { active: true },
        { fields: ['slug', 'name', 'aliases'], orderBy: { slug: 'asc' } },
      );
    return places.map((p) => ({ slug: p.slug, name: p.name, aliases: [...p.aliases] }));
  } finally {
    await orm?.close(true);
    await connection.close();
  }
}
