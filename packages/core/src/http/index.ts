export { createAuthentifyHttp, type AuthentifyHttp } from './create-authentify-http.js';
export type { AuthentifyHttpOptions, HttpSettings } from './http-options.js';
export type {
  AuthenticationMode,
  AuthenticationOutcome,
  HttpRequest,
  HttpResponse,
  JsonBodyReading,
  RequestAuth,
} from './http-types.js';
export type { LoginOptions } from './login.js';
export { HTTP_ERROR_MESSAGES, HTTP_ERROR_STATUS, type HttpErrorCode } from './error-codes.js';
export { routePaths, type RouteName, type RoutePaths } from './route-table.js';
export type { SessionJson } from './session-json.js';
export { MAX_JSON_BODY_BYTES, parseJsonBytes, readJsonBody, type BodySource } from './json-body.js';
export { httpRequestFromFetch, responseFromHttp, withSetCookies } from './fetch-api.js';
export { runtimePeerAddress } from './peer-address.js';
export { isUnsafeMethod, passesCsrfCheck } from './csrf.js';
export { parseRequestTarget, type RequestTarget } from './request-target.js';
export {
  isRequiredOptions,
  resolveSessionRequirements,
  type RequiredOptions,
  type SessionRequirements,
} from './session-requirements.js';
