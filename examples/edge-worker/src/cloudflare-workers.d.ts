// The part of the Workers runtime this example uses, declared here (as Kysely declares the part of
// better-sqlite3 it uses) instead of depending on @cloudflare/workers-types.

declare module 'cloudflare:workers' {
  /** Base class of a Durable Object whose methods are called over RPC from a stub. */
  export abstract class DurableObject<Env = unknown> {
    protected readonly ctx: DurableObjectState;
    protected readonly env: Env;
    constructor(ctx: DurableObjectState, env: Env);
  }
}

/** What a Durable Object receives: its own transactional storage. */
interface DurableObjectState {
  readonly storage: DurableObjectStorage;
}

/** A Durable Object's storage: strongly consistent, private to the object. */
interface DurableObjectStorage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  put<T>(key: string, value: T): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Entries in ascending key order. */
  list<T = unknown>(options: { prefix?: string; end?: string; limit?: number }): Promise<Map<string, T>>;
}

interface DurableObjectId {
  toString(): string;
}

/** A binding to a Durable Object class: `env.SESSIONS`. */
interface DurableObjectNamespace<Stub> {
  idFromName(name: string): DurableObjectId;
  get(id: DurableObjectId): Stub;
}
