/**
 * The child processes of the `upload` benchmark (bench/upload.ts), both `run.js --upload-child`
 * spoken to over IPC: the emulator both contenders upload to (so its CPU is shared alike and its
 * memory is not the uploader's), and one upload in a fresh process whose RSS is measured.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { runRss, type BenchEmulator, type CreateBenchClient, type EmulatorCredentialSet, type RssResult, type RssSpec } from './upload.js';

type Request = { type: 'emulator'; file: string } | { type: 'rss'; file: string; spec: RssSpec } | { type: 'close' };
type Reply = { ok: true; value: unknown } | { ok: false; error: string };

interface EmulatorModule {
  startEmulator(options: object): Promise<{ url: string; credentials: EmulatorCredentialSet; seed: { reset(): void }; close(): Promise<void> }>;
}

/** What a child does, by its first message. */
export async function uploadChildMain(): Promise<void> {
  if (!process.send) throw new Error('--upload-child runs as a child of the upload benchmark (IPC channel missing)');
  const reply = (m: Reply) => process.send!(m);
  let emulator: Awaited<ReturnType<EmulatorModule['startEmulator']>> | undefined;
  process.on('message', (m: Request) => {
    void (async () => {
      try {
        if (m.type === 'emulator') {
          const mod = (await import(m.file)) as EmulatorModule;
          // A whole 1 GiB single PUT (MetaStudio) must not meet the default 60 s request timeout on a busy machine.
          emulator = await mod.startEmulator({ host: '127.0.0.1', port: 0, requestTimeoutMs: 600_000, headersTimeoutMs: 60_000 });
          reply({ ok: true, value: { url: emulator.url, credentials: emulator.credentials } });
        } else if (m.type === 'rss') {
          const mod = (await import(m.file)) as { defaultCreateClient: CreateBenchClient };
          reply({ ok: true, value: await runRss(mod.defaultCreateClient, m.spec) });
          process.exit(0);
        } else {
          await emulator?.close();
          reply({ ok: true, value: null });
          process.exit(0);
        }
      } catch (error) {
        reply({ ok: false, error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      }
    })();
  });
}

function forkChild(script: string): ChildProcess {
  return fork(script, ['--upload-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function ask<T>(child: ChildProcess, request: Request): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`the upload benchmark's child exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (m: Reply) => {
      child.off('exit', onExit);
      if (m.ok) resolve(m.value as T);
      else reject(new Error(m.error));
    });
    child.send(request);
  });
}

export async function forkUploadEmulator(script: string, emulatorFile: string): Promise<BenchEmulator> {
  const child = forkChild(script);
  const { url, credentials } = await ask<{ url: string; credentials: EmulatorCredentialSet }>(child, { type: 'emulator', file: emulatorFile });
  return {
    url,
    credentials,
    reset: async () => {
      const res = await fetch(`${url}/__drivespec/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"reset"}' });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`the emulator's reset answered ${res.status}: ${text.slice(0, 200)}`);
    },
    close: async () => {
      if (child.exitCode === null) await ask(child, { type: 'close' }).catch(() => child.kill());
    },
  };
}

export async function forkRss(script: string, clientFile: string, spec: RssSpec): Promise<RssResult> {
  return ask<RssResult>(forkChild(script), { type: 'rss', file: clientFile, spec });
}
