import type { Authentify } from '../authentify.js';
import type { HttpSettings } from './http-options.js';

/** What every HTTP handler shares: the core instance and the validated HTTP settings. */
export interface HttpRuntime<Context extends object, User> {
  readonly auth: Authentify<Context, User>;
  readonly settings: HttpSettings;
}
