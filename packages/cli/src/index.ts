/** @mycel/cli public surface (for tests and the devnet). */

export { CLI_ERROR_CODES, CliError } from './cli-error.js';
export { startLogService } from './commands/log-serve.js';
export type { ChildService } from './devnet/child-service.js';
export { startChildService } from './devnet/child-service.js';
export { freeLoopbackPort } from './devnet/free-port.js';
export type { LocalGrid, LocalGridOptions } from './devnet/local-grid.js';
export { startLocalGrid } from './devnet/local-grid.js';
export { buildOpengridProgram } from './opengrid-program.js';
export { buildProgram } from './program.js';
export type { LogServerOptions } from './server/log-server.js';
export { buildLogServer } from './server/log-server.js';
export { SERVICE_ERROR_CODES } from './server/service-error-codes.js';
