/** The emulator the conformance tests run against. */
import { startStubEmulator } from './stub-emulator.js';
import type { RunningEmulator, StartEmulatorOptions } from '../../../src/conformance/emulator-contract.js';

export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  return startStubEmulator(options);
}
