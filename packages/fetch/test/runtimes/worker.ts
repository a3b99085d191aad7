// The conformance app as a module worker for workerd. Created on the first request: workerd
// forbids generating random values at global scope.
import { conformanceHandler } from '../conformance-app.js';

// Counts WebCrypto digests, so a test can prove core hashed with WebCrypto here.
let webCryptoDigests = 0;
const digest = crypto.subtle.digest.bind(crypto.subtle);
crypto.subtle.digest = (...args: Parameters<SubtleCrypto['digest']>) => {
  webCryptoDigests++;
  return digest(...args);
};

let handler: ((request: Request) => Promise<Response>) | undefined;

export default {
  fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === '/__runtime') {
      const hasProcess = typeof (globalThis as { process?: unknown }).process !== 'undefined';
      return Promise.resolve(Response.json({ hasProcess, webCryptoDigests }));
    }
    handler ??= conformanceHandler();
    return handler(request);
  },
};
