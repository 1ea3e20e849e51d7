/**
 * The public API, pinned: every entry point of package.json `exports`, its runtime exports
 * (`Object.keys` of the module a user imports) and its type-only exports, against lists written
 * here. Adding, removing or renaming an export fails this test until the list (and CHANGELOG.md,
 * when a name leaves or changes) says so. The type names are read from the entry files' own export
 * statements: with `isolatedModules` a re-export without `type` must be a value, so a name is
 * type-only exactly when its statement says `type` (or declares an interface or type alias).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | Record<string, string>>;
  bin: Record<string, string>;
};

interface EntryApi {
  values: string[];
  types: string[];
}

/** The errors every client entry point re-exports (ARCHITECTURE.md: one error root). */
const clientErrors = [
  'AbortError',
  'ApiError',
  'ConfigurationError',
  'DrivespecError',
  'RequestValidationError',
  'ResponseValidationError',
  'TimeoutError',
  'TransportError',
  // upload() (issue 12): an unreadable source.
  'InputError',
];
/** upload() on every client (issue 12): the resume helper and the shared types. */
const uploadValues = ['uploadStateOf'];
const clientTypes = ['CallOptions', 'ValidationIssue', 'components', 'operations', 'paths', 'UploadOptions', 'UploadProgress', 'UploadSource', 'UploadState'];

const publicApi: Record<string, EntryApi> = {
  '.': {
    values: [
      'AbortError',
      'AliyunPdsApiError',
      'ApiError',
      'ConfigurationError',
      'DrivespecError',
      'HuaweiKooDriveApiError',
      'HuaweiMetaStudioApiError',
      'InputError',
      'RequestValidationError',
      'ResponseValidationError',
      'SigningError',
      'TencentSmhApiError',
      'TimeoutError',
      'TransportError',
      'providerIds',
      'redactHeaders',
      'redactUrl',
      'uploadStateOf',
    ],
    types: [
      'CallOptions',
      'CommonClientOptions',
      'OperationArgs',
      'ProviderId',
      'ResponseValidation',
      'SuccessBody',
      'UploadOptions',
      'UploadProgress',
      'UploadResult',
      'UploadSource',
      'UploadState',
      'ValidationIssue',
    ],
  },
  // The four client entry points as they stand; the generated client surface (issue 10, item 1)
  // updates these lists.
  './aliyun-pds': {
    // upload() (issue 12): AliyunPdsFile is the file upload() resolves to.
    values: [...clientErrors, 'AliyunPdsApiError', 'SigningError', 'createClient', ...uploadValues],
    types: [
      ...clientTypes,
      'AliyunPdsClient',
      'AliyunPdsClientOptions',
      'AliyunPdsCredentials',
      'AliyunPdsFile',
      'AliyunPdsSignatureVersion',
      'AliyunPdsUploadResult',
      'AliyunPdsUploadTarget',
      'CompleteFileInit',
      'GetFileInit',
    ],
  },
  './huawei-metastudio': {
    values: [...clientErrors, 'HuaweiMetaStudioApiError', 'SigningError', 'createClient', ...uploadValues],
    types: [
      ...clientTypes,
      'ConfirmFileUploadInit',
      'HuaweiMetaStudioClient',
      'HuaweiMetaStudioClientOptions',
      'HuaweiMetaStudioCredentials',
      'HuaweiMetaStudioRegion',
      'HuaweiMetaStudioUploadResult',
      'HuaweiMetaStudioUploadTarget',
      'HuaweiMetaStudioUploadedFile',
    ],
  },
  './tencent-smh': {
    values: [...clientErrors, 'TencentSmhApiError', 'createClient', ...uploadValues],
    types: [
      ...clientTypes,
      'ConfirmUploadInit',
      'TencentSmhClient',
      'TencentSmhClientOptions',
      'TencentSmhCredentials',
      'TencentSmhUploadResult',
      'TencentSmhUploadTarget',
      'TencentSmhUploadedFile',
    ],
  },
  './huawei-koodrive': {
    values: [...clientErrors, 'HuaweiKooDriveApiError', 'createClient', ...uploadValues],
    types: [
      ...clientTypes,
      'CompleteFileInit',
      'CreateFileInit',
      'HuaweiKooDriveClient',
      'HuaweiKooDriveClientOptions',
      'HuaweiKooDriveCredentials',
      'HuaweiKooDriveUploadResult',
      'HuaweiKooDriveUploadTarget',
      'HuaweiKooDriveUploadedFile',
      'KooDriveCompleteFileInit',
      'UploadUrlInit',
    ],
  },
  './hashing': {
    values: [
      'Crc64',
      'MultiHash',
      'aliyunPdsHashFields',
      'combineCrc64',
      'defaultHashAlgorithms',
      'hashAlgorithms',
      'hashExtras',
      'hashSource',
      'huaweiKooDriveHashFields',
      'huaweiMetaStudioHashFields',
      'providerHashAlgorithms',
      'tencentSmhHashFields',
      'toAliyunPdsHashFields',
      'toHuaweiKooDriveHashFields',
      'toHuaweiMetaStudioHashFields',
      'toTencentSmhHashFields',
      // Deprecated 0.1.0 names (CHANGELOG.md).
      'koodriveHashFields',
      'pdsHashFields',
      'smhHashFields',
      'toKooDriveHashFields',
      'toPdsHashFields',
      'toSmhHashFields',
    ],
    types: [
      'AliyunPdsHashFields',
      'AliyunPdsHashOptions',
      'AliyunPdsPartHash',
      'BinaryChunk',
      'Crc64Implementation',
      'Crc64Options',
      'DefaultHashAlgorithm',
      'HashAlgorithm',
      'HashContext',
      'HashContexts',
      'HashExtra',
      'HashResult',
      'HashSource',
      'HashSourceOptions',
      'HuaweiKooDriveHashFields',
      'HuaweiKooDriveHashOptions',
      'HuaweiKooDrivePartHash',
      'HuaweiMetaStudioHashFields',
      'ProviderHashOptions',
      'TencentSmhHashFields',
      'TencentSmhHashOptions',
      'UploadHashOptions',
      'UploadHashResult',
      // Deprecated 0.1.0 names (CHANGELOG.md).
      'KooDriveHashFields',
      'PdsHashFields',
      'SmhHashFields',
    ],
  },
  './emulator': {
    values: [
      'EmulatorListenError',
      'EmulatorSeedError',
      'EmulatorStateFileError',
      'defaultEmulatorCredentials',
      'seedDemo',
      'startEmulator',
    ],
    types: [
      'EmulatorAnswerInfo',
      'EmulatorCredentialOverrides',
      'EmulatorCredentials',
      'EmulatorOptions',
      'EmulatorSeed',
      'RunningEmulator',
      'SeedContent',
    ],
  },
  './conformance': {
    values: ['credentialsFromEnv', 'formatJsonReport', 'formatJunitReport', 'liveCredentialVariables', 'runConformance', 'runHarConformance'],
    types: [
      'CheckCounts',
      'CheckKind',
      'CheckResult',
      'CheckStatus',
      'ConformanceCredentials',
      'ConformanceOptions',
      'ConformancePair',
      'ConformanceProgressEvent',
      'ConformanceReport',
      'ConformanceSummary',
      'ConformanceTarget',
      'CredentialVariable',
      'Erratum',
      'FlowName',
      'FlowReport',
      'HarConformanceOptions',
      'HarSummary',
      'OperationReport',
      'PairReport',
      'PairRequest',
      'ProviderReport',
      'ReportTool',
      'RunningEmulator',
      'Scenario',
      'StartEmulator',
      'WireExpectation',
    ],
  },
};

/** Internal helpers that once were public (0.1.0) and must not come back by accident. */
const notPublic: Record<string, string[]> = {
  './conformance': [
    'compareWire',
    'createReplayTransport',
    'escapeXml',
    'formatPrettyReport',
    'formatPrettySummary',
    'formatProgressLine',
    'formatStartLine',
    'substitutePlaceholders',
  ],
  './emulator': ['DEFAULT_MAX_BODY_BYTES', 'checkAnswer', 'demoIds'],
};

function sourceOf(subpath: string): string {
  const target = pkg.exports[subpath];
  if (typeof target !== 'object' || typeof target['drivespec-source'] !== 'string') {
    throw new Error(`package.json exports["${subpath}"] has no drivespec-source condition`);
  }
  return join(root, target['drivespec-source']);
}

const hasExport = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** The names an entry file exports, split into values and type-only names, read from its statements. */
function declaredExports(file: string, text: string): EntryApi {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const values: string[] = [];
  const types: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) {
        throw new Error(`${file}: \`export *\` hides the list a user gets; name every export`);
      }
      for (const element of statement.exportClause.elements) {
        (statement.isTypeOnly || element.isTypeOnly ? types : values).push(element.name.text);
      }
    } else if (ts.isExportAssignment(statement)) {
      throw new Error(`${file}: a default export; drivespec has named exports only`);
    } else if (hasExport(statement)) {
      if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) types.push(statement.name.text);
      else if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) values.push(d.name.getText(source));
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        values.push(statement.name.text);
      } else throw new Error(`${file}: an export this test cannot classify: ${statement.getText(source).slice(0, 80)}`);
    }
  }
  return { values: [...new Set(values)].sort(), types: [...new Set(types)].sort() };
}

describe('public API', () => {
  it('pins exactly the entry points package.json exports (besides ./package.json)', () => {
    expect(Object.keys(publicApi).sort()).toEqual(Object.keys(pkg.exports).filter((s) => s !== './package.json').sort());
  });

  it('every file package.json names outside dist/ exists (sources of each entry point, bin, package.json)', () => {
    const files = [
      ...Object.keys(publicApi).map(sourceOf),
      ...Object.values(pkg.bin).map((b) => join(root, b)),
      join(root, pkg.exports['./package.json'] as string),
    ];
    for (const file of files) expect(existsSync(file), file).toBe(true);
  });

  for (const [subpath, api] of Object.entries(publicApi)) {
    describe(subpath, () => {
      it('exports exactly the pinned runtime names', async () => {
        const module = (await import(pathToFileURL(sourceOf(subpath)).href)) as Record<string, unknown>;
        expect(Object.keys(module).sort()).toEqual([...api.values].sort());
        for (const name of notPublic[subpath] ?? []) expect(module, name).not.toHaveProperty(name);
      });

      it('declares exactly the pinned values and type names, with no export * or default export', async () => {
        const file = sourceOf(subpath);
        const declared = declaredExports(file, await readFile(file, 'utf8'));
        expect(declared).toEqual({ values: [...api.values].sort(), types: [...api.types].sort() });
      });
    });
  }
});
