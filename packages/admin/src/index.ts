export { createAdminConsole, type AdminConsole } from './create-admin-console.js';
export type { AdminConsoleOptions, AdminOperator } from './admin-options.js';
