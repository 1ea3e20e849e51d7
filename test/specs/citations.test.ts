/**
 * Every source a spec cites can be opened by a reader of the repository or of the published docs
 * (issue 14): provider pages and SDK repositories by their https URL, facts we gathered ourselves
 * by a path in this repository (specs/notes/<provider>.md#<section>). The research copies the specs
 * were first written from (shared/PROVIDERS.md, shared/docs/…) are in neither and must not be cited.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FOREIGN_CITATION, NOTE_CITATION, headingAnchors } from '../../scripts/docs/citations.js';
import { providerIds } from '../../src/core/provider.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

type Node = null | boolean | number | string | Node[] | { [key: string]: Node };

/** The citation fields: info.x-drivespec-sources, and `source` / `sources` of errata, decisions, conformance pairs and transfers. */
function citationFields(doc: { [key: string]: Node }): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  const info = doc.info as { [key: string]: Node };
  for (const [i, s] of ((info['x-drivespec-sources'] ?? []) as Node[]).entries()) out.push({ where: `info.x-drivespec-sources[${i}]`, text: String(s) });
  for (const [pathKey, item] of Object.entries(doc.paths as { [key: string]: { [key: string]: Node } })) {
    for (const method of METHODS) {
      const op = item[method] as { [key: string]: Node } | undefined;
      if (!op) continue;
      for (const ext of ['x-drivespec-errata', 'x-drivespec-decisions', 'x-drivespec-conformance']) {
        for (const [i, entry] of ((op[ext] ?? []) as { [key: string]: Node }[]).entries()) {
          if (entry.source !== undefined) out.push({ where: `${method} ${pathKey} ${ext}[${i}].source`, text: String(entry.source) });
        }
      }
      const transfer = op['x-drivespec-transfer'] as { [key: string]: Node } | undefined;
      for (const [i, s] of ((transfer?.sources ?? []) as Node[]).entries()) {
        out.push({ where: `${method} ${pathKey} x-drivespec-transfer.sources[${i}]`, text: String(s) });
      }
    }
  }
  return out;
}

describe('citations in specs/', () => {
  for (const id of providerIds) {
    describe(id, async () => {
      const text = await readFile(join(root, 'specs', `${id}.yaml`), 'utf8');
      const doc = parse(text) as { [key: string]: Node };

      it('cites no file outside the repository (the shared research copies)', () => {
        const lines = text.split('\n').flatMap((line, i) => (line.match(FOREIGN_CITATION) ? [`${i + 1}: ${line.trim()}`] : []));
        expect(lines).toEqual([]);
        // A section number of the old research sheets left after a notes path (`….md §2`) cites nothing.
        expect(text.match(/specs\/notes\/[a-z0-9-]+\.md(?:#[a-z0-9-]+)?\s+§/g) ?? []).toEqual([]);
      });

      it('every notes file and section it cites exists', async () => {
        const cited = [...text.matchAll(NOTE_CITATION)];
        expect(cited.length).toBeGreaterThan(0);
        for (const [match, provider, anchor] of cited) {
          const file = join(root, 'specs', 'notes', `${provider}.md`);
          expect(existsSync(file), match).toBe(true);
          if (anchor) expect([...headingAnchors(await readFile(file, 'utf8'))], match).toContain(anchor);
        }
      });

      it('every repository path it names exists', () => {
        const paths = [...text.matchAll(/(?<![\w/.:-])((?:src|test|scripts|specs|generated|docs-src|bench|examples)\/[\w./-]*[\w]|[A-Z][A-Z_]+\.md)\b/g)].map((m) => m[1]!);
        expect(paths.length).toBeGreaterThan(0);
        for (const path of new Set(paths)) expect(existsSync(join(root, path)), path).toBe(true);
      });

      it('every citation field names an https URL or a notes section, and its URLs parse', () => {
        const fields = citationFields(doc);
        expect(fields.length).toBeGreaterThan(0);
        for (const { where, text: source } of fields) {
          const urls = [...source.matchAll(/\bhttps?:\/\/[^\s,;)]+/g)].map((m) => m[0]);
          const notes = source.match(NOTE_CITATION) ?? [];
          expect(urls.length + notes.length, `${where}: ${source}`).toBeGreaterThan(0);
          for (const url of urls) expect(new URL(url).protocol, `${where}: ${url}`).toBe('https:');
        }
      });

      it('every info.x-drivespec-sources entry starts with what it cites', () => {
        const sources = ((doc.info as { [key: string]: Node })['x-drivespec-sources'] ?? []) as Node[];
        for (const s of sources) expect(String(s), String(s)).toMatch(/^(https:\/\/|specs\/notes\/[a-z0-9-]+\.md)/);
      });
    });
  }

  it('the anchors are GitHub heading slugs (so a notes link opens the same section on GitHub and on the docs site)', () => {
    expect([...headingAnchors('# Title\n## Hosts and authentication\n```\n## not a heading\n```\n### `hashCtx`, exactly\n')]).toEqual([
      'title',
      'hosts-and-authentication',
      'hashctx-exactly',
    ]);
  });
});
