import type { TableNames } from '../schema/table-names.js';

/** The SQLite change log of migration 0007: the sessions table's name with `_changes`. */
export function changeLogTableName(tables: Pick<TableNames, 'sessions'>): string {
  return `${tables.sessions}_changes`;
}
