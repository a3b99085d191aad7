import type { SessionFilter, SessionKeyset, SessionState } from '@authentify/core';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { AuthentifyTables } from '../schema/authentify-tables.js';

type SessionsBuilder = ExpressionBuilder<AuthentifyTables, 'authentify_sessions'>;

/**
 * The SQL condition of an operators' `filter` at `now` (epoch milliseconds): the same sessions
 * core's `sessionMatchesFilter` accepts. Ranges include their start and exclude their end.
 */
export function filterCondition(eb: SessionsBuilder, filter: SessionFilter, now: number): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filter.userId !== undefined) conditions.push(eb('user_id', '=', filter.userId));
  if (filter.transport !== undefined) conditions.push(eb('transport', '=', filter.transport));
  if (filter.createdFrom !== undefined) conditions.push(eb('created_at', '>=', filter.createdFrom.getTime()));
  if (filter.createdUntil !== undefined) conditions.push(eb('created_at', '<', filter.createdUntil.getTime()));
  if (filter.lastUsedFrom !== undefined) conditions.push(eb('last_used_at', '>=', filter.lastUsedFrom.getTime()));
  if (filter.lastUsedUntil !== undefined) conditions.push(eb('last_used_at', '<', filter.lastUsedUntil.getTime()));
  if (filter.states !== undefined) {
    // No state at all matches nothing; written out, as an empty OR is not valid SQL everywhere.
    conditions.push(
      filter.states.length === 0 ? eb(eb.val(1), '=', 0) : eb.or(filter.states.map((state) => stateCondition(eb, state, now))),
    );
  }
  return eb.and(conditions);
}

/** Sessions in `state` at `now`: see core's `SessionState`. */
export function stateCondition(eb: SessionsBuilder, state: SessionState, now: number): Expression<SqlBool> {
  switch (state) {
    case 'revoked':
      return eb('revoked_at', 'is not', null);
    case 'expired':
      return eb.and([eb('revoked_at', 'is', null), eb('expires_at', 'is not', null), eb('expires_at', '<=', now)]);
    case 'live':
      return eb.and([eb('revoked_at', 'is', null), eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])]);
  }
}

/**
 * Rows strictly after `position` in the order `created_at` descending, `id` descending. Ids
 * compare in byte order on every dialect (their columns use binary collations), as in core.
 */
export function afterKeyset(eb: SessionsBuilder, position: SessionKeyset): Expression<SqlBool> {
  const at = position.createdAt.getTime();
  return eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', position.id)])]);
}
