/**
 * `node:crypto`, loaded without a static import — which edge bundlers and runtimes without Node
 * APIs would refuse — through `process.getBuiltinModule` (Node ≥ 20.16, Bun, Deno); `undefined`
 * where the runtime has no such module (workerd, browsers). Callers check the functions they use
 * and fall back to WebCrypto.
 */
export const nodeCryptoModule: Readonly<Record<string, unknown>> | undefined = (() => {
  const runtimeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const module = runtimeProcess?.getBuiltinModule?.('node:crypto');
    return typeof module === 'object' && module !== null ? (module as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
})();
