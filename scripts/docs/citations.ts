/**
 * Citations in the specs' prose and `source` fields: either an https URL of a provider page (or
 * an SDK repository) or a path of a file kept in this repository, `specs/notes/<provider>.md`
 * with an optional `#anchor`, for facts we gathered ourselves. test/specs/citations.test.ts holds
 * every spec to that; the docs build links the notes to their rendered pages.
 */

/** A repository path a spec may cite: the notes, with an optional anchor. */
export const NOTE_CITATION = /\bspecs\/notes\/([a-z0-9-]+)\.md(?:#([a-z0-9-]+))?/g;

/** Citations of files outside the repository that the specs used to make (shared/ research copies). */
export const FOREIGN_CITATION = /PROVIDERS\.md|\bdocs\/[A-Za-z0-9-]+\.(?:txt|md)\b|\bdocs\/upload\b|shared\/docs/g;

/** Where the docs site serves a cited notes file (`specs/notes/x.md#a` → `notes/x.html#a`), relative to the site's root. */
export function noteHref(path: string): string {
  return path.replace(/^specs\/notes\/([a-z0-9-]+)\.md/, 'notes/$1.html');
}

/** Markdown links for the notes citations in `text` (URLs stay bare: the index's Markdown autolinks them). */
export function citationLinks(text: string, href?: (path: string) => string): string {
  if (!href) return text;
  return text.replace(NOTE_CITATION, (match) => `[${match}](${href(match)})`);
}

/**
 * Markdown with every cited https URL and notes path made a link (Redoc does not autolink bare
 * URLs). Code spans, existing links and autolinks are left as they are, and a URL keeps the
 * punctuation that ends its sentence outside the link.
 */
export function linkCitations(markdown: string, href: (path: string) => string): string {
  return markdown
    .split(/(`[^`]*`|\[[^\]]*\]\([^)]*\)|<https?:[^>]*>)/)
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return part
        .replace(/https:\/\/[^\s<>()`]*[^\s<>()`.,;:!?'"]/g, (url) => `[${url}](${url})`)
        .replace(NOTE_CITATION, (match, _p, _a, offset: number, whole: string) =>
          whole.slice(Math.max(0, offset - 2), offset) === '](' || whole[offset - 1] === '[' ? match : `[${match}](${href(match)})`,
        );
    })
    .join('');
}

/**
 * GitHub's heading anchor: lower-cased, punctuation other than `-` and `_` dropped, spaces to
 * `-`. The notes pages of the docs site use the same ids, so one anchor works in both places.
 */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every heading anchor of a Markdown file (ATX headings, `#` to `######`). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^```/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (m) anchors.add(headingSlug(m[1]!.replace(/`/g, '')));
  }
  return anchors;
}
