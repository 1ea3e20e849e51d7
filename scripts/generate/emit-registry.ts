/**
 * The provider registry, from the specs themselves: every `specs/<id>.yaml` is a provider, and
 * nothing else in drivespec keeps a list of them. `providers.ts` is small (ids and facts, no
 * tables) so every entry point can import it; `provider-tables.ts` joins every provider's tables
 * and validators for the emulator and the conformance harness, which serve all of them.
 */
import { providerInfo, sortedJson } from './emit-tables.js';
import type { SpecModel } from './spec-model.js';

/** `huawei-koodrive` → `huaweiKoodrive`: an identifier for imports. */
function ident(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function emitProviders(specs: readonly SpecModel[]): string {
  const ids = specs.map((s) => s.provider);
  return [
    "import type { ProviderInfo } from './operation-table.js';",
    '',
    '/** The provider ids, from the spec file names: folder, file and entry-point names throughout drivespec. */',
    `export const providerIds = ${JSON.stringify(ids)} as const;`,
    '',
    'export type ProviderId = (typeof providerIds)[number];',
    '',
    '/** What the specs say about each provider (`x-drivespec-provider`, security schemes, operations). */',
    `export const providers = ${sortedJson(Object.fromEntries(specs.map((s) => [s.provider, providerInfo(s)])))} as const satisfies Readonly<Record<ProviderId, ProviderInfo>>;`,
    '',
    'export function isProviderId(value: unknown): value is ProviderId {',
    '  return typeof value === "string" && (providerIds as readonly string[]).includes(value);',
    '}',
    '',
  ].join('\n');
}

export function emitProviderTables(specs: readonly SpecModel[]): string {
  const out: string[] = ["import { providers, type ProviderId } from './providers.js';"];
  for (const s of specs) {
    const n = ident(s.provider);
    out.push(
      `import { errata as ${n}Errata } from './${s.provider}/errata.js';`,
      `import { examples as ${n}Examples } from './${s.provider}/examples.js';`,
      `import { clientOptions as ${n}ClientOptions, methodNames as ${n}MethodNames } from './${s.provider}/client.js';`,
      `import { operations as ${n}Operations, responseHeaders as ${n}ResponseHeaders, securitySchemes as ${n}SecuritySchemes, servers as ${n}Servers } from './${s.provider}/operations.js';`,
      `import * as ${n}Validators from './${s.provider}/validators.js';`,
    );
  }
  out.push(
    '',
    '/** Every table of every provider, keyed by provider id (a `Record<ProviderId, …>`: none is left out). */',
    'export const providerTables = {',
  );
  for (const s of specs) {
    const n = ident(s.provider);
    out.push(
      `  ${JSON.stringify(s.provider)}: {`,
      `    info: providers[${JSON.stringify(s.provider)}],`,
      `    operations: ${n}Operations,`,
      `    responseHeaders: ${n}ResponseHeaders,`,
      `    securitySchemes: ${n}SecuritySchemes,`,
      `    servers: ${n}Servers,`,
      `    validators: ${n}Validators,`,
      `    clientOptions: ${n}ClientOptions,`,
      `    methodNames: ${n}MethodNames,`,
      `    examples: ${n}Examples,`,
      `    errata: ${n}Errata,`,
      '  },',
    );
  }
  out.push('} as const satisfies Readonly<Record<ProviderId, unknown>>;', '');
  return out.join('\n');
}
