import { authentifyProject } from '../../vitest.shared.js';

// The packed packages installed from their tarballs into new npm and pnpm projects (see
// install.test.ts). Slow by nature: one install per package manager, then every program.
export default authentifyProject('install', { include: ['*.test.ts'], testTimeout: 120_000, hookTimeout: 900_000 });
