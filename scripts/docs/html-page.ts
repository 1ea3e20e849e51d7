/**
 * The frame of every self-contained page the docs build writes (the index, the notes pages):
 * doctype, language, charset, viewport, the title, an empty icon (no request for favicon.ico on
 * a static host), the site's CSS inline, then the body.
 */
import { escapeHtml } from './markdown.js';

export function htmlPage(page: { title: string; css: string; body: string }): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    '<link rel="icon" href="data:,">',
    `<style>\n${page.css.trim()}\n</style>`,
    '</head>',
    '<body>',
    page.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
