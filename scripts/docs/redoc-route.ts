/**
 * Where an operation lives inside a page built by `redocly build-docs` (Redoc 3): the standalone
 * bundle routes by URL hash, `#/<tag slug>/<operation id, lower-cased>`, and lists an operation
 * under every one of its tags. We link to its first tag. The browser test
 * (test/docs/site.slow.test.ts) opens every such link and checks the operation is on screen, so a
 * change in Redoc's slugs fails there rather than shipping dead links.
 */
export function referenceRoute(tag: string | undefined, operationId: string): string {
  const parts = [tag, operationId].filter((p): p is string => Boolean(p)).map(slug);
  return `#/${parts.join('/')}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
