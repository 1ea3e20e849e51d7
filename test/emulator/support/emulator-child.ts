/** The child process of `emulator-process.ts`: starts the emulator, prints its URL, exits on stdin end. */
import { startEmulator } from '../../../src/emulator/index.js';

const emulator = await startEmulator(JSON.parse(process.argv[2] ?? '{}'));
process.stdout.write(`${emulator.url}\n`);
process.stdin.resume();
process.stdin.once('end', () => {
  void emulator.close().then(() => process.exit(0));
});
