/** The emulator the conformance tests run against: the embedded one, in-process on a free port. */
import { startEmulator } from '../../../src/emulator/index.js';
import type { RunningEmulator, StartEmulatorOptions } from '../../../src/conformance/emulator-contract.js';

export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ host: '127.0.0.1', port: 0, ...options });
}
