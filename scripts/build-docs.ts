/**
 * `npm run docs`: the static docs site in site/ (gitignored).
 *
 *   site/index.html          providers, operations, authentication, hash fields, errata, sources,
 *                            how to regenerate: all read from specs/*.yaml (scripts/docs/)
 *   site/<provider>.html     the Redocly reference page of specs/<provider>.yaml
 *   site/specs/<provider>.yaml  the spec itself, for download
 *   site/notes/<provider>.html  specs/notes/<provider>.md, the notes the specs cite
 *
 * Works offline: every page is self-contained (scripts/docs/build-reference.ts says how).
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildReferencePage } from './docs/build-reference.js';
import { noteHref } from './docs/citations.js';
import { loadHashHelpers } from './docs/hash-helpers.js';
import { referenceSpec } from './docs/reference-spec.js';
import { loadSpec } from './generate/spec-model.js';
import { renderIndex } from './docs/render-index.js';
import { renderNotesPage } from './docs/render-notes.js';
import { loadDocsModel, type DocsProviderModel } from './docs/site-model.js';

const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BuildDocsOptions {
  root?: string;
  /** Output folder; `site/` under the root by default. */
  outDir?: string;
}

export interface BuiltSite {
  outDir: string;
  providers: DocsProviderModel[];
  /** Site-relative page paths, index first. */
  pages: string[];
}

export async function buildDocs(options: BuildDocsOptions = {}): Promise<BuiltSite> {
  const root = options.root ?? defaultRoot;
  const outDir = resolve(root, options.outDir ?? 'site');
  const providers = await loadDocsModel(root);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'specs'), { recursive: true });

  // Two at a time: each build is a Node process, and the machines have two cores.
  const queue = [...providers];
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const spec = referenceSpec(await loadSpec(p.id, p.specPath, join(root, p.specPath)), { citationHref: noteHref });
      await buildReferencePage({ root, provider: p.id, outFile: join(outDir, p.page), homeHref: 'index.html', spec });
      await copyFile(join(root, p.specPath), join(outDir, p.specPath));
    }
  };
  await Promise.all([worker(), worker()]);

  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const prose = async (name: string): Promise<string> => readFile(join(root, 'docs-src', `${name}.md`), 'utf8');
  const html = renderIndex({
    packageName: pkg.name,
    packageVersion: pkg.version,
    providers,
    css: await readFile(join(root, 'docs-src/index.css'), 'utf8'),
    hashHelpers: await loadHashHelpers(),
    prose: {
      intro: await prose('intro'),
      authentication: await prose('authentication'),
      hashing: await prose('hashing'),
      errata: await prose('errata'),
      regenerate: await prose('regenerate'),
    },
  });
  await writeFile(join(outDir, 'index.html'), html);

  // The notes the specs cite (specs/notes/<provider>.md), as pages the reference links open.
  await mkdir(join(outDir, 'notes'), { recursive: true });
  const notes: string[] = [];
  for (const p of providers) {
    const markdown = await readFile(join(root, 'specs/notes', `${p.id}.md`), 'utf8').catch(() => null);
    if (markdown === null) continue;
    const page = noteHref(`specs/notes/${p.id}.md`);
    await writeFile(join(outDir, page), renderNotesPage({ provider: p.id, markdown, css: await readFile(join(root, 'docs-src/index.css'), 'utf8'), referenceHref: `../${p.page}` }));
    notes.push(page);
  }
  return { outDir, providers, pages: ['index.html', ...providers.map((p) => p.page), ...notes] };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildDocs().then(
    (site) => {
      process.stdout.write(`docs: wrote ${site.pages.join(', ')} to ${relative(process.cwd(), site.outDir) || '.'}\n`);
    },
    (error: unknown) => {
      process.stderr.write(`docs: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
