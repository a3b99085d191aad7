import { authentifyProject } from '../../vitest.shared.js';

// Needs PostgreSQL: the loopback server, or AUTHENTIFY_TEST_POSTGRES_URL (skipped without one
// locally, a failure in CI — the rule of every database suite, test/support/database-servers.ts).
export default authentifyProject('example-express-postgres', { testTimeout: 60_000 });
