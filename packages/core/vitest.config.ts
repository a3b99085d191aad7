import { authentifyProject } from '../../vitest.shared.js';

/**
 * The shared conditions include `module`, which picks @opentelemetry's "module" builds: their
 * extensionless imports are not loadable by Node. Core's tests resolve without it.
 */
const conditions = ['@authentify/source', 'node', 'development|production'];
const project = authentifyProject('core');

export default { ...project, resolve: { ...project.resolve, conditions }, ssr: { ...project.ssr, resolve: { ...project.ssr?.resolve, conditions } } };
