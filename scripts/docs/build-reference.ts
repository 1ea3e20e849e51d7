/**
 * One provider's reference page: `redocly build-docs` over the docs copy of specs/<provider>.yaml
 * (reference-spec.ts: code samples, extensions as prose, one tag per operation), made to work
 * offline and from any static host.
 *
 * - `--inlineBundle`: the Redoc bundle goes into the page instead of an import from
 *   cdn.redocly.com (https://redocly.com/docs/cli/commands/build-docs/).
 * - `REDOCLY_TELEMETRY=off`: the CLI then builds the page with `disableTelemetry: true`, so the
 *   page sends nothing either.
 * - docs-src/reference.hbs: no favicon request, and client-side rendering with hash routes (see
 *   the comment there).
 * - The sidebar's "API docs by Redocly" badge loads its image from cdn.redoc.ly whatever the
 *   options say; offline that is a failed request and a console error. The image is swapped for
 *   a local one (the link to redocly.com stays).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { JsonObject } from '../generate/spec-model.js';

/** Redoc's hard-coded attribution images (redoc.standalone.js, component behind "API docs by"). */
const REDOCLY_BADGE_URLS = ['https://cdn.redoc.ly/redoc/logo-mini-full.svg', 'https://cdn.redoc.ly/redoc/logo-mini.svg'];

export interface ReferencePageOptions {
  root: string;
  provider: string;
  outFile: string;
  /** Where the sidebar logo links to (the index page). */
  homeHref: string;
  /** The docs copy of specs/<provider>.yaml (reference-spec.ts), not the spec itself. */
  spec: JsonObject;
}

export async function buildReferencePage(options: ReferencePageOptions): Promise<void> {
  const { root, provider, outFile } = options;
  const logo = await svgDataUri(join(root, 'docs-src/drivespec-logo.svg'));
  const badge = await svgDataUri(join(root, 'docs-src/redocly-attribution.svg'));
  const redocOptions = {
    apiLogo: { imageUrl: logo, href: options.homeHref, altText: 'drivespec: all providers' },
    // No extension is shown raw: reference-spec.ts wrote the ones a reader needs as prose.
    showExtensions: false,
  };
  const tmp = await mkdtemp(join(tmpdir(), 'drivespec-docs-'));
  try {
    const optionsFile = join(tmp, 'redoc-options.json');
    await writeFile(optionsFile, JSON.stringify(redocOptions));
    const specFile = join(tmp, `${provider}.json`);
    await writeFile(specFile, JSON.stringify(options.spec));
    await runRedocly(root, [
      'build-docs',
      specFile,
      '--config',
      'redocly.yaml',
      '--inlineBundle',
      '--template',
      'docs-src/reference.hbs',
      '--openapi',
      optionsFile,
      '--output',
      outFile,
    ]);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  let html = await readFile(outFile, 'utf8');
  for (const url of REDOCLY_BADGE_URLS) {
    if (!html.includes(url)) {
      throw new Error(`${outFile}: Redoc no longer references ${url}; check what the page loads from the network now`);
    }
    html = html.split(url).join(badge);
  }
  if (/import\s*\{[^}]*\}\s*from\s*["']https?:/.test(html)) {
    throw new Error(`${outFile}: the Redoc bundle is imported from the network, not inlined`);
  }
  if (!html.includes('"disableTelemetry":true')) {
    throw new Error(`${outFile}: telemetry is not disabled in the page options`);
  }
  await writeFile(outFile, html);
}

async function svgDataUri(file: string): Promise<string> {
  const svg = (await readFile(file, 'utf8')).trim();
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

function redoclyCli(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('@redocly/cli/package.json');
  const pkg = require(pkgPath) as { bin: Record<string, string> };
  return join(dirname(pkgPath), pkg.bin.redocly ?? 'bin/cli.js');
}

function runRedocly(cwd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redoclyCli(), ...args], {
      cwd,
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`redocly ${args.slice(0, 2).join(' ')} exited with ${code}:\n${output.trim()}`));
    });
  });
}
