/** What a CLI command may touch: injected so commands are testable without spawning processes. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Standard input, for `drivespec hash -` (absent: nothing to read). */
  stdin?: AsyncIterable<Uint8Array>;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    // Only on use: touching process.stdin opens it, and no other command reads it.
    get stdin() {
      return process.stdin;
    },
  };
}
