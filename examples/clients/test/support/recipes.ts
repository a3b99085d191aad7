import { isAxiosError } from 'axios';
import { isHTTPError } from 'ky';
import { createAxiosClient } from '../../src/axios-client.js';
import { createFetchClient } from '../../src/fetch-client.js';
import { createKyClient } from '../../src/ky-client.js';
import type { LoginPair } from './server.js';

/** What the behaviour suite needs from a recipe: the recipe's own API, plus one call of `/data`. */
export interface ClientUnderTest {
  signIn(tokens: LoginPair): void;
  readonly tokens: LoginPair | null;
  /** GET /data: its final status, and its body. */
  getData(): Promise<{ status: number; body: unknown }>;
}

export interface ClientEvents {
  onTokens: (tokens: LoginPair) => void;
  onLoggedOut: (code: string | null) => void;
}

export interface Recipe {
  /** The file in src/, embedded in docs/clients.md. */
  file: string;
  create(baseUrl: string, events: ClientEvents): ClientUnderTest;
}

export const RECIPES: Recipe[] = [
  {
    file: 'fetch-client.ts',
    create(baseUrl, events) {
      const client = createFetchClient({ baseUrl, ...events });
      return {
        signIn: (tokens) => client.signIn(tokens),
        get tokens() {
          return client.tokens;
        },
        async getData() {
          const response = await client.fetch('/data');
          return { status: response.status, body: await response.json() };
        },
      };
    },
  },
  {
    file: 'axios-client.ts',
    create(baseUrl, events) {
      const client = createAxiosClient({ baseUrl, ...events });
      return {
        signIn: (tokens) => client.signIn(tokens),
        get tokens() {
          return client.tokens;
        },
        getData: () =>
          client.api.get('/data').then(
            (response) => ({ status: response.status, body: response.data as unknown }),
            (error: unknown) => {
              if (isAxiosError(error) && error.response !== undefined) return { status: error.response.status, body: error.response.data as unknown };
              throw error;
            },
          ),
      };
    },
  },
  {
    file: 'ky-client.ts',
    create(baseUrl, events) {
      const client = createKyClient({ baseUrl, ...events });
      return {
        signIn: (tokens) => client.signIn(tokens),
        get tokens() {
          return client.tokens;
        },
        getData: () =>
          client.api.get('data').then(
            async (response) => ({ status: response.status, body: await response.json() }),
            async (error: unknown) => {
              if (isHTTPError(error)) return { status: error.response.status, body: await error.response.json() };
              throw error;
            },
          ),
      };
    },
  },
];
