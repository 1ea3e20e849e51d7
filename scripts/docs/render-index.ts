/**
 * The site's index page: every table is generated from the specs (site-model.ts); the few
 * paragraphs of prose come from docs-src/*.md. Self-contained (inline CSS, no scripts, no
 * external resources) and deterministic (no dates), so it renders offline and diffs cleanly.
 */
import type { ProviderId } from '../../src/core/provider.js';
import type { HashHelper } from './hash-helpers.js';
import type { DocsProviderModel } from './site-model.js';
import { citationLinks, noteHref } from './citations.js';
import { htmlPage } from './html-page.js';
import { escapeHtml as esc, inlineMarkdown, markdown } from './markdown.js';

export interface IndexProse {
  intro: string;
  authentication: string;
  hashing: string;
  errata: string;
  regenerate: string;
}

export interface IndexInput {
  packageName: string;
  packageVersion: string;
  providers: DocsProviderModel[];
  prose: IndexProse;
  css: string;
  /** The `drivespec/hashing` helper of each provider and the fields it computes (hash-helpers.ts). */
  hashHelpers: Record<ProviderId, HashHelper>;
}

const sections = [
  ['providers', 'Providers'],
  ['operations', 'Operations'],
  ['authentication', 'Authentication'],
  ['hashing', 'Content hashes'],
  ['errata', 'Errata'],
  ['sources', 'Sources'],
  ['regenerate', 'Regenerating after a provider changes its docs'],
] as const;

export function renderIndex(input: IndexInput): string {
  const { providers, prose } = input;
  const body = [
    `<header><h1>${esc(input.packageName)} API reference</h1><p class="version">${esc(input.packageName)} ${esc(input.packageVersion)}</p></header>`,
    `<nav aria-label="Contents"><ul>${sections.map(([id, title]) => `<li><a href="#${id}">${esc(title)}</a></li>`).join('')}</ul></nav>`,
    '<main>',
    `<section class="intro">${markdown(prose.intro)}</section>`,
    section('providers', 'Providers', providersTable(providers)),
    section('operations', 'Operations', operationsTable(providers)),
    section('authentication', 'Authentication', markdown(prose.authentication) + providers.map(authentication).join('')),
    section('hashing', 'Content hashes', markdown(prose.hashing) + hashing(providers, input.hashHelpers)),
    section('errata', 'Errata', markdown(prose.errata) + errata(providers)),
    section('sources', 'Sources', providers.map(sources).join('')),
    section('regenerate', 'Regenerating after a provider changes its docs', markdown(prose.regenerate)),
    '</main>',
  ].join('\n');
  return htmlPage({ title: `${input.packageName} API reference`, css: input.css, body });
}

function section(id: string, title: string, content: string): string {
  return `<section id="${id}">\n<h2>${esc(title)}</h2>\n${content}\n</section>`;
}

function table(head: string[], rows: string[][], className = ''): string {
  const cls = className ? ` class="${className}"` : '';
  return [
    `<div class="table-wrap"><table${cls}>`,
    `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table></div>',
  ].join('\n');
}

function providerAnchor(p: DocsProviderModel, part: string): string {
  return `${part}-${p.id}`;
}

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

/** A name that must not break across lines (provider ids, entry points, field paths). */
function ident(text: string): string {
  return `<code class="ident">${esc(text)}</code>`;
}

/** A dotted field path that may break after its dots, and only there. */
function fieldPath(text: string): string {
  return `<code class="ident">${esc(text).split('.').join('.<wbr>')}</code>`;
}

/** Example values as the docs show them; an empty string would otherwise be an empty box. */
function exampleValue(text: string): string {
  return text === '' ? `${code('""')} <span class="muted">(empty)</span>` : `<code class="value">${esc(text)}</code>`;
}

function providersTable(providers: DocsProviderModel[]): string {
  return table(
    ['Provider', 'Service', 'Spec version', 'Entry point', 'Reference', 'Spec'],
    providers.map((p) => [
      ident(p.id),
      `${esc(p.title)}<br><span class="muted">${inlineMarkdown(p.summary)}</span>`,
      esc(p.version),
      ident(`drivespec/${p.id}`),
      `<a href="${esc(p.page)}">${esc(p.id)} reference</a>`,
      `<a href="${esc(p.specPath)}">${esc(p.specPath)}</a>`,
    ]),
  );
}

function securityText(p: DocsProviderModel, security: string[][]): string {
  if (security.length === 0) return '<span class="muted">none</span>';
  return security
    .map((alt) => alt.map((s) => `<a href="#${providerAnchor(p, 'auth')}-${esc(s)}">${esc(s)}</a>`).join(' + '))
    .join(' <span class="muted">or</span> ');
}

function operationsTable(providers: DocsProviderModel[]): string {
  const rows: string[][] = [];
  for (const p of providers) {
    for (const op of p.operations) {
      rows.push([
        ident(p.id),
        `<a class="operation" href="${esc(p.page + op.route)}" data-operation="${esc(op.operationId)}">${esc(op.operationId)}</a>`,
        `<span class="method">${esc(op.method)}</span> ${code(op.path)}`,
        esc(op.summary),
        securityText(p, op.security),
      ]);
    }
  }
  return table(['Provider', 'Operation', 'Request', 'Summary', 'Credentials'], rows);
}

function authentication(p: DocsProviderModel): string {
  const schemes = p.securitySchemes
    .map(
      (s) =>
        `<div class="scheme" id="${providerAnchor(p, 'auth')}-${esc(s.name)}">` +
        `<h4>${code(s.name)} <span class="muted">${inlineMarkdown(s.carrier)}</span></h4>` +
        `${markdown(s.description)}</div>`,
    )
    .join('\n');
  const ops = p.operations
    .map((op) => `<li><a href="${esc(p.page + op.route)}">${esc(op.operationId)}</a>: ${securityText(p, op.security)}</li>`)
    .join('');
  return `<h3 id="${providerAnchor(p, 'auth')}">${code(p.id)}</h3>\n<ul class="compact">${ops}</ul>\n${schemes}`;
}

/** Anchor of a hashing helper's entry under the hash table. */
export function helperAnchor(helper: string): string {
  return `helper-${helper}`;
}

function hashing(providers: DocsProviderModel[], helpers: Record<ProviderId, HashHelper>): string {
  const rows: string[][] = [];
  for (const p of providers) {
    const helper = helpers[p.id];
    for (const f of p.hashFields) {
      const op = p.operations.find((o) => o.operationId === f.operationId);
      const computed = helper.fields.includes(f.field)
        ? `<a class="helper" href="#${helperAnchor(helper.helper)}">${ident(`${helper.helper}(…).${f.field}`)}</a>`
        : '<span class="muted">not computed</span>';
      rows.push([
        ident(p.id),
        op ? `<a href="${esc(p.page + op.route)}">${esc(f.operationId)}</a>` : esc(f.operationId),
        esc(f.where),
        ident(f.field),
        computed,
        inlineMarkdown(f.format),
        inlineMarkdown(f.description),
      ]);
    }
  }
  const without = providers.filter((p) => p.hashFields.length === 0);
  const note = without.length
    ? `<p>No hash field in the operations of ${without.map((p) => code(p.id)).join(', ')}.</p>`
    : '';
  const list = providers
    .map((p) => helpers[p.id])
    .map(
      (h) =>
        `<li id="${helperAnchor(h.helper)}">${code(`import { ${h.helper} } from 'drivespec/hashing'`)}: ${code(`await ${h.call}`)} computes ${inlineMarkdown(h.summary)}</li>`,
    )
    .join('');
  return (
    table(['Provider', 'Operation', 'Where', 'Field', 'drivespec/hashing', 'Format', 'Description'], rows, 'wide') +
    note +
    `<h3 id="hashing-helpers">The helpers</h3>\n<p>Each reads the file once (a path, stream, Blob or bytes); a response field is checked against the same value.</p>\n<ul>${list}</ul>`
  );
}

function errata(providers: DocsProviderModel[]): string {
  const rows: string[][] = [];
  for (const p of providers) {
    for (const e of p.errata) {
      const op = p.operations.find((o) => o.operationId === e.operationId);
      rows.push([
        ident(p.id),
        op ? `<a href="${esc(p.page + op.route)}">${esc(e.operationId)}</a>` : esc(e.operationId),
        fieldPath(e.field),
        inlineMarkdown(e.documentedType),
        exampleValue(e.exampleValue),
        inlineMarkdown(e.decision),
        inlineMarkdown(e.reason),
        inlineMarkdown(citationLinks(e.source, noteHref)),
      ]);
    }
  }
  const counts = providers.map((p) => `${code(p.id)}: ${p.errata.length}`).join(', ');
  return `<p class="muted">${rows.length} errata (${counts}).</p>\n` + table(
    ['Provider', 'Operation', 'Field', 'Documented type', 'Example value', 'Decision', 'Reason', 'Source'],
    rows,
    'wide',
  );
}

function sources(p: DocsProviderModel): string {
  const items = p.sources.map((s) => {
    const m = /^(https?:\/\/\S+|specs\/notes\/[a-z0-9-]+\.md(?:#[a-z0-9-]+)?)(.*)$/.exec(s);
    if (!m) return `<li>${esc(s)}</li>`;
    return `<li><a href="${esc(m[1]!.startsWith('specs/') ? noteHref(m[1]!) : m[1]!)}">${esc(m[1]!)}</a>${esc(m[2]!)}</li>`;
  });
  return `<h3 id="${providerAnchor(p, 'sources')}">${code(p.id)}</h3>\n<ul>${items.join('')}</ul>`;
}
