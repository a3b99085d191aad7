/** npm settings a person may have set on purpose (a mirror, a cache), kept for every child. */
const KEPT_NPM_SETTINGS = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_store_dir']);

/**
 * This process's environment without what `pnpm run` adds for its own scripts (`npm_config_*`,
 * `npm_package_*`, `npm_lifecycle_*`): a leg's pnpm and npm must read their own settings, not
 * inherit the outer run's, and npm warns about every pnpm-only setting it is handed.
 */
export function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_(config|package|lifecycle)_/i.test(name) || KEPT_NPM_SETTINGS.has(name.toLowerCase())),
  );
}
