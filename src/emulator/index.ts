/**
 * `drivespec/emulator`: one local HTTP server emulating the four providers' operations, driven by
 * the specs' operation tables and generated validators. See ARCHITECTURE.md and the emulator
 * section of the README for the decisions where the providers' docs are silent.
 */
export { startEmulator } from './server.js';
export { defaultEmulatorCredentials } from './credentials.js';
export { seedDemo } from './demo.js';
export { EmulatorListenError } from './listen-error.js';
export { EmulatorSeedError } from './seed.js';
export { EmulatorStateFileError } from './state-file.js';
export type {
  EmulatorAnswerInfo,
  EmulatorCredentialOverrides,
  EmulatorCredentials,
  EmulatorOptions,
  EmulatorSeed,
  RunningEmulator,
  SeedContent,
} from './types.js';
