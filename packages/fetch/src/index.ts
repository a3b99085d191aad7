export {
  createAuthentifyFetch,
  type AuthentifyFetch,
  type AuthHandler,
  type OptionalAuthContext,
  type RequiredAuthContext,
} from './create-authentify-fetch.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RequiredOptions, RoutePaths } from '@authentify/core/http';
