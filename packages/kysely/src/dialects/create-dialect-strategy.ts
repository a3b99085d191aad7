import type { KyselyDialectName } from './dialect-name.js';
import type { DialectStrategy, DialectStrategySettings } from './dialect-strategy.js';
import { createMysqlStrategy } from './mysql-strategy.js';
import { createPostgresStrategy } from './postgres-strategy.js';
import { createSqliteStrategy } from './sqlite-strategy.js';

export function createDialectStrategy(name: KyselyDialectName, settings: DialectStrategySettings): DialectStrategy {
  switch (name) {
    case 'sqlite':
      return createSqliteStrategy();
    case 'postgres':
      return createPostgresStrategy(settings);
    case 'mysql':
      return createMysqlStrategy(settings);
  }
}
