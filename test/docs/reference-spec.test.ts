/**
 * The docs copy of each spec (scripts/docs/reference-spec.ts), checked without a browser: every
 * operation carries a drivespec and a curl sample with placeholders for secrets, its own errata,
 * decisions, transfer and query order as prose, one tag (so Redoc's sidebar lists it once), and
 * no `x-drivespec-*` key is left for Redoc to dump as JSON.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { noteHref } from '../../scripts/docs/citations.js';
import { SECRET_PLACEHOLDERS, type CodeSample } from '../../scripts/docs/code-samples.js';
import { referenceSpec } from '../../scripts/docs/reference-spec.js';
import { loadDocsModel } from '../../scripts/docs/site-model.js';
import { referenceRoute } from '../../scripts/docs/redoc-route.js';
import { loadSpec, type Json, type JsonObject, type SpecModel } from '../../scripts/generate/spec-model.js';
import { providerIds } from '../../src/core/provider.js';
import { defaultEmulatorCredentials } from '../../src/emulator/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

async function load(id: string): Promise<SpecModel> {
  return loadSpec(id, `specs/${id}.yaml`, join(root, `specs/${id}.yaml`));
}

function operationsOf(doc: JsonObject): { pathKey: string; method: string; op: JsonObject }[] {
  const out: { pathKey: string; method: string; op: JsonObject }[] = [];
  for (const [pathKey, item] of Object.entries(doc.paths as JsonObject)) {
    for (const method of METHODS) {
      const op = (item as JsonObject)[method];
      if (op) out.push({ pathKey, method, op: op as JsonObject });
    }
  }
  return out;
}

function keysDeep(node: Json, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) keysDeep(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      out.push(k);
      keysDeep(v, out);
    }
  }
  return out;
}

/** Every string value of the emulator's test credentials: a sample must carry none of them. */
const knownSecrets = Object.values(defaultEmulatorCredentials).flatMap((c) =>
  Object.entries(c as Record<string, string>)
    .filter(([k]) => !/^(domainId|projectId|libraryId|userId)$/.test(k))
    .map(([, v]) => v),
);

describe('docs copy of the specs', () => {
  for (const id of providerIds) {
    describe(id, async () => {
      const spec = await load(id);
      const doc = referenceSpec(spec, { citationHref: noteHref });
      const ops = operationsOf(doc);

      it('leaves no x-drivespec extension for Redoc to show as raw JSON, and keeps the spec itself untouched', async () => {
        expect(keysDeep(doc).filter((k) => k.startsWith('x-drivespec'))).toEqual([]);
        expect(JSON.stringify(doc)).not.toMatch(/"x-drivespec-[a-z-]+":/);
        // The transform works on a copy: the generator's document still has its extensions.
        expect(keysDeep(spec.document).some((k) => k.startsWith('x-drivespec'))).toBe(true);
        expect(spec.document).toEqual((await load(id)).document);
      });

      it('lists every operation under exactly one tag, the one the index links to, and only tags in use', async () => {
        expect(ops.length).toBe(spec.operations.length);
        const model = (await loadDocsModel(root)).find((p) => p.id === id)!;
        const used = new Set<string>();
        for (const { op } of ops) {
          expect(op.tags, String(op.operationId)).toHaveLength(1);
          const tag = (op.tags as string[])[0]!;
          used.add(tag);
          const route = model.operations.find((o) => o.operationId === op.operationId)!.route;
          expect(route).toBe(referenceRoute(tag, String(op.operationId)));
        }
        expect(new Set((doc.tags as JsonObject[]).map((t) => t.name))).toEqual(used);
        // Sidebar entries as Redoc counts them (one per operation and tag): one per operation.
        const entries = ops.flatMap(({ op }) => (op.tags as string[]).map((t) => `${t}/${String(op.operationId)}`));
        expect(new Set(entries).size).toBe(spec.operations.length);
      });

      it('gives every operation a drivespec sample and a curl line with placeholders, never a secret', () => {
        for (const { op, method, pathKey } of ops) {
          const samples = op['x-codeSamples'] as unknown as CodeSample[];
          const where = String(op.operationId);
          expect(samples.map((s) => [s.lang, s.label]), where).toEqual([
            ['TypeScript', 'drivespec'],
            ['Shell', 'curl'],
          ]);
          const [ts, curl] = [samples[0]!.source, samples[1]!.source];
          expect(ts).toContain(`from 'drivespec/${id}'`);
          expect(ts).toContain(`.${where.charAt(0).toLowerCase()}${where.slice(1)}(`);
          expect(curl.startsWith(`curl -X ${method.toUpperCase()} 'https://`), where).toBe(true);
          const staticPart = pathKey.split('?')[0]!.split('{')[0]!;
          expect(curl, where).toContain(staticPart);
          for (const source of [ts, curl]) {
            for (const secret of knownSecrets) expect(source, where).not.toContain(secret);
            // Every credential slot holds a placeholder.
            const slots = [
              ...source.matchAll(/(?:accessToken|shareToken|token|ak|sk|userId): '([^']*)'/g),
              ...source.matchAll(/-H ["'](?:Authorization|X-Auth-Token|x-share-token|X-User-Id): (?:Bearer )?([^'"]*)["']/g),
              ...source.matchAll(/[?&]access_token=([^&'\s]*)/g),
            ].map((m) => m[1]!);
            expect(slots.length, `${where}: credentials are shown`).toBeGreaterThan(0);
            for (const slot of slots) expect(SECRET_PLACEHOLDERS as readonly string[], `${where}: ${slot}`).toContain(slot);
          }
        }
      });

      it("shows each operation's errata, decisions, byte transfer and query order on its own page", () => {
        for (const model of spec.operations) {
          const { op } = ops.find((o) => o.op.operationId === model.operationId)!;
          const description = String(op.description);
          const raw = (spec.document.paths as JsonObject)[model.pathKey] as JsonObject;
          const source = raw[model.method.toLowerCase()] as JsonObject;
          if (model.errata.length) {
            expect(description, model.operationId).toContain('### Errata');
            for (const e of model.errata) expect(description).toContain(`\`${String(e.field)}\``);
          } else {
            expect(description).not.toContain('### Errata');
          }
          if (Array.isArray(source['x-drivespec-decisions'])) {
            expect(description).toContain('### Decisions');
            for (const d of source['x-drivespec-decisions']) expect(description).toContain(`**${String((d as JsonObject).topic)}**`);
          }
          if (model.transfer) expect(description).toContain('### Byte transfer');
          if (model.queryOrder) {
            expect(description).toContain(`documented order: ${model.queryOrder.map((q) => `\`${q}\``).join(', ')}.`);
          }
        }
      });

      it('makes every cited URL and notes section in a description a link (Redoc does not autolink)', () => {
        const descriptions: string[] = [];
        const walk = (n: Json): void => {
          if (Array.isArray(n)) n.forEach(walk);
          else if (n && typeof n === 'object') {
            if (typeof n.description === 'string') descriptions.push(n.description);
            Object.values(n).forEach(walk);
          }
        };
        walk(doc);
        let links = 0;
        for (const d of descriptions) {
          // Outside code spans, what remains after removing the links has no bare citation.
          const prose = d.replace(/`[^`]*`/g, '');
          const bare = prose.replace(/\[[^\]]*\]\([^)]*\)/g, () => {
            links++;
            return '';
          });
          expect(bare, d.slice(0, 200)).not.toMatch(/https:\/\/|specs\/notes\//);
          for (const m of prose.matchAll(/\[(specs\/notes\/[a-z0-9-]+\.md(?:#[a-z0-9-]+)?)\]\(([^)]*)\)/g)) expect(m[2]).toBe(noteHref(m[1]!));
        }
        expect(links).toBeGreaterThan(0);
      });

      it('writes flag, multi-segment and client-option parameters as prose in their descriptions', () => {
        const all = [
          ...Object.values(((doc.components as JsonObject).parameters ?? {}) as JsonObject),
          ...ops.flatMap(({ op }) => (Array.isArray(op.parameters) ? op.parameters : [])),
        ] as JsonObject[];
        for (const model of spec.operations) {
          for (const p of model.parameters) {
            const docs = all.find((q) => q.name === p.name && q.in === p.in);
            if (!docs) continue;
            const d = String(docs.description ?? '');
            if (p.flag) expect(d, p.name).toContain(`\`?${p.name}\``);
            if (p.multiSegment) expect(d, p.name).toContain('percent-encoded');
            if (p.clientOption) expect(d, p.name).toContain(`\`${p.clientOption.option}\``);
          }
        }
      });
    });
  }

  it('refuses an x-drivespec extension it has no rendering for', async () => {
    const spec = await load('tencent-smh');
    const document = structuredClone(spec.document);
    ((document.paths as JsonObject)[spec.operations[0]!.pathKey] as JsonObject)['x-drivespec-new-thing'] = { a: 1 };
    expect(() => referenceSpec({ ...spec, document })).toThrow(/x-drivespec-new-thing not handled/);
  });
});
