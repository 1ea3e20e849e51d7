/**
 * The index's hash table links, for each hash field, the `drivespec/hashing` helper that computes
 * it, and only where the helper really returns that field (checked by calling the helpers on
 * bytes, with node:crypto as the independent reference for the values).
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hashHelperDocs, loadHashHelpers } from '../../scripts/docs/hash-helpers.js';
import { helperAnchor, renderIndex } from '../../scripts/docs/render-index.js';
import { loadDocsModel } from '../../scripts/docs/site-model.js';
import { providerIds } from '../../src/core/provider.js';
import * as hashing from '../../src/hashing/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('hash helpers on the docs index', async () => {
  const providers = await loadDocsModel(root);
  const helpers = await loadHashHelpers();
  const prose = { intro: '', authentication: '', hashing: '', errata: '', regenerate: '' };
  const html = renderIndex({ packageName: 'drivespec', packageVersion: '0', providers, prose, css: '', hashHelpers: helpers });
  const hashSection = html.slice(html.indexOf('<section id="hashing">'), html.indexOf('<section id="errata">'));
  const rows = [...hashSection.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) => m[1]!).slice(1);

  it('names a real drivespec/hashing function for every provider', () => {
    for (const id of providerIds) expect(typeof hashing[hashHelperDocs[id].helper], id).toBe('function');
  });

  it('what the helpers report computing is what they return, with the values node:crypto gives', async () => {
    const bytes = new TextEncoder().encode('123456');
    const pds = await hashing.aliyunPdsHashFields(bytes, { preHash: true });
    expect(pds.content_hash).toBe(createHash('sha1').update(bytes).digest('hex').toUpperCase());
    expect(helpers['aliyun-pds'].fields).toEqual(expect.arrayContaining(['content_hash', 'content_hash_name', 'crc64_hash', 'pre_hash']));
    const koo = await hashing.huaweiKooDriveHashFields(bytes);
    expect(koo.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(helpers['huawei-koodrive'].fields).toContain('sha256');
    expect(helpers['huawei-koodrive'].fields).not.toContain('preHash'); // the algorithm is not documented
    const ms = await hashing.huaweiMetaStudioHashFields(bytes);
    expect(ms.file_md5).toBe(createHash('md5').update(bytes).digest('base64'));
    expect(helpers['tencent-smh'].fields).toEqual(expect.arrayContaining(['crc64', 'beginningHash', 'fullHash']));
  });

  it('links every hash field the helper computes to the helper, and marks the others', () => {
    let rowIndex = 0;
    let linked = 0;
    for (const p of providers) {
      for (const f of p.hashFields) {
        const row = rows[rowIndex++]!;
        expect(row, `${p.id} ${f.operationId} ${f.field}`).toContain(`<code class="ident">${f.field}</code>`);
        const helper = helpers[p.id];
        if (helper.fields.includes(f.field)) {
          expect(row).toContain(`href="#${helperAnchor(helper.helper)}"`);
          expect(row).toContain(`${helper.helper}(…).${f.field}`);
          linked++;
        } else {
          expect(row).not.toContain('class="helper"');
          expect(row).toContain('not computed');
        }
      }
    }
    expect(rowIndex).toBe(rows.length);
    expect(linked).toBeGreaterThan(rows.length / 2);
    for (const id of providerIds) expect(hashSection).toContain(`id="${helperAnchor(helpers[id].helper)}"`);
  });
});
