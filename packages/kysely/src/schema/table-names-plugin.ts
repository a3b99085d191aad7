import {
  type KyselyPlugin,
  OperationNodeTransformer,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  TableNode,
  type UnknownRow,
} from 'kysely';
import type { TableNames } from './table-names.js';

/**
 * Renames the tables of `AuthentifyTables` (as queries name them) to the configured names when
 * the queries are compiled. Compilation happens once for the hot path, so the renaming costs
 * nothing per request there. A reference such as `alias.column` carries a table node too, so the
 * storage's queries never name an alias after one of the logical tables.
 */
export class TableNamesPlugin implements KyselyPlugin {
  readonly #transformer: RenameTables;

  constructor(names: TableNames) {
    this.#transformer = new RenameTables(
      new Map([
        ['authentify_sessions', names.sessions],
        ['authentify_rotated_refresh_tokens', names.rotatedRefreshTokens],
      ]),
    );
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

class RenameTables extends OperationNodeTransformer {
  readonly #names: ReadonlyMap<string, string>;

  constructor(names: ReadonlyMap<string, string>) {
    super();
    this.#names = names;
  }

  protected override transformTable(node: TableNode): TableNode {
    const renamed = this.#names.get(node.table.identifier.name);
    if (renamed === undefined || node.table.schema !== undefined) return super.transformTable(node);
    return TableNode.create(renamed);
  }
}
