/**
 * Markdown (CommonMark + GFM, as OpenAPI descriptions are written) to HTML for the index page.
 * Raw HTML in a description is shown as text, not interpreted: the page must not depend on what
 * a spec author typed between angle brackets.
 */
import { Marked } from 'marked';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const marked = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }) {
      return escapeHtml(text);
    },
  },
});

/** Block markdown: paragraphs, lists, code. */
export function markdown(text: string): string {
  return marked.parse(text, { async: false }).trim();
}

/** One line of inline markdown (code spans, emphasis, links), for table cells. */
export function inlineMarkdown(text: string): string {
  return marked.parseInline(text.replace(/\s*\n\s*/g, ' ').trim(), { async: false });
}
