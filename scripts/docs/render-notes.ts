/**
 * specs/notes/<provider>.md as a page of the docs site (notes/<provider>.html), so a citation
 * `specs/notes/<provider>.md#<section>` opens for a reader of the published docs as it does on
 * GitHub: headings get GitHub's slugs as ids (citations.ts), raw HTML is shown as text
 * (markdown.ts), and the page is self-contained like the index.
 */
import { Marked } from 'marked';
import { headingSlug } from './citations.js';
import { htmlPage } from './html-page.js';
import { escapeHtml as esc } from './markdown.js';

export interface NotesPageInput {
  provider: string;
  markdown: string;
  css: string;
  /** The reference page of the provider, relative to the notes page. */
  referenceHref: string;
}

export function renderNotesPage(input: NotesPageInput): string {
  const marked = new Marked({
    gfm: true,
    async: false,
    renderer: {
      html({ text }) {
        return esc(text);
      },
      heading({ tokens, depth, text }) {
        const id = headingSlug(text.replace(/`/g, ''));
        return `<h${depth} id="${esc(id)}">${this.parser.parseInline(tokens)}</h${depth}>\n`;
      },
    },
  });
  const body = marked.parse(input.markdown, { async: false });
  const title = `${input.provider}: notes behind the spec`;
  return htmlPage({
    title,
    css: input.css,
    body: [
      `<nav aria-label="Site"><ul><li><a href="../index.html">All providers</a></li><li><a href="${esc(input.referenceHref)}">${esc(input.provider)} reference</a></li></ul></nav>`,
      `<main class="notes">\n${body.trim()}\n</main>`,
    ].join('\n'),
  });
}
