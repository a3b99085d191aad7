export {
  createAuthentifyHono,
  type AuthentifyHono,
  type OptionalAuthEnv,
  type RequiredAuthEnv,
  type RequiredMiddleware,
} from './create-authentify-hono.js';
export { httpRequestFromHono } from './hono-request.js';
export type { AuthentifyHttpOptions, LoginOptions, RequestAuth, RequiredOptions, RoutePaths } from '@authentify/core/http';
