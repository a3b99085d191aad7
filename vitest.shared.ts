import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/**
 * Resolve `@authentify/*` imports to their TypeScript sources (the `@authentify/source` export
 * condition), so tests run against the code as written, without a build in between. The
 * published `exports` are checked separately, on the built output, by the packaging test.
 */
const conditions = ['@authentify/source', 'module', 'node', 'development|production'];

/** The vitest project config every package shares; `name` shows in the report. */
export function authentifyProject(name: string, overrides: UserWorkspaceConfig['test'] = {}): UserWorkspaceConfig {
  return defineProject({
    resolve: { conditions },
    ssr: { resolve: { conditions, externalConditions: ['@authentify/source'] } },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
