/**
 * Test support: the emulator in a child process, so a test's clients and the emulator do not
 * share an event loop (a shared loop hides the connection resets a separate server shows, as
 * `drivespec emulate` runs). The child starts with the options given as JSON in argv[2], prints
 * its URL on one line and exits when its stdin closes (so it never outlives the test).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions } from '../../../src/emulator/index.js';

export interface EmulatorProcess {
  url: string;
  pid: number;
  close(): Promise<void>;
}

const childMain = fileURLToPath(new URL('./emulator-child.ts', import.meta.url));

export async function startEmulatorProcess(options: Omit<EmulatorOptions, 'now' | 'log' | 'onWarning' | 'onAnswer'> = {}): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', childMain, JSON.stringify(options)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString('utf8');
      const line = text.split('\n', 2);
      if (line.length === 2) resolve(line[0]!.trim());
    });
    child.once('exit', (code) => reject(new Error(`emulator child exited with ${code} before listening`)));
  });
  return {
    url,
    pid: child.pid!,
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
