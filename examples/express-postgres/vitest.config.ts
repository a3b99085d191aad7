import { authentifyProject } from '../../vitest.shared.js';

// Needs PostgreSQL: the loopback server, or AUTHENTIFY_TEST_POSTGRES_URL (skipped without one
// locally, a failure in CI — the rule of packages/kysely's database suites).
export default authentifyProject('example-express-postgres', { testTimeout: 60_000 });
