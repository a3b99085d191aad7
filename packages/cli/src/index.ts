export { runCli } from './run-cli.js';
export { processIo, type CliIo, type OutputStream } from './cli-io.js';
export { EXIT, type ExitCode } from './exit-codes.js';
export type { AuthentifyCliConfig } from './connection/cli-config.js';
