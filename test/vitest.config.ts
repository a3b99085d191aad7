import { authentifyProject } from '../vitest.shared.js';

export default authentifyProject('repo', { include: ['*.test.ts', 'matrix/*.test.ts'] });
