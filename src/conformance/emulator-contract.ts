/**
 * What the harness needs from the embedded emulator (`drivespec/emulator`): its types, and a
 * `StartEmulator` seam so a caller (or a test) can hand the harness another emulator that keeps
 * the same contract.
 */
import type { EmulatorOptions, RunningEmulator } from '../emulator/index.js';

export type { EmulatorCredentials, EmulatorSeed, RunningEmulator } from '../emulator/index.js';

export type StartEmulatorOptions = Pick<EmulatorOptions, 'port' | 'host' | 'now' | 'log'>;

export type StartEmulator = (options?: StartEmulatorOptions) => Promise<RunningEmulator>;
