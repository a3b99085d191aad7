import { authentifyProject } from '../vitest.shared.js';

// The quick starts of docs/*.md: each program is a file, embedded verbatim and run by the test.
export default authentifyProject('docs', { include: ['examples/*.test.ts'], testTimeout: 60_000 });
