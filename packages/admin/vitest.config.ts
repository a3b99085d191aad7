import { authentifyProject } from '../../vitest.shared.js';

export default authentifyProject('admin');
