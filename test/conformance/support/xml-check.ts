/**
 * A strict little XML reader for the JUnit reporter's tests: it accepts only well-formed XML 1.0
 * of the kind the reporter writes (declaration, elements, attributes, text, character and the five
 * predefined entity references) and throws, naming the offset, on anything else.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][A-Za-z0-9_.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g;
// eslint-disable-next-line no-control-regex -- these are exactly what XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, at: number): string {
  if (FORBIDDEN.test(raw)) throw new Error(`character not allowed in XML near offset ${at}`);
  if (raw.replace(ENTITY, '').includes('&')) throw new Error(`bare & near offset ${at}`);
  if (raw.includes('<')) throw new Error(`bare < near offset ${at}`);
  return raw.replace(ENTITY, (e) => {
    const map: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (map[e]) return map[e];
    const code = e.startsWith('&#x') ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10);
    return String.fromCodePoint(code);
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const declaration = /^<\?xml version="1\.0" encoding="UTF-8"\?>\n?/.exec(xml);
  if (declaration) i = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`);
  const attribute = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g');
  while (i < xml.length) {
    if (xml[i] === '<') {
      const m = tag.exec(xml.slice(i));
      if (!m) throw new Error(`malformed tag at offset ${i}`);
      const [whole, closing, name, attrs, selfClosing] = m;
      if (closing) {
        const open = stack.pop();
        if (!open || open.name !== name) throw new Error(`</${name}> does not close <${open?.name}> at offset ${i}`);
        if (attrs || selfClosing) throw new Error(`closing tag with attributes at offset ${i}`);
      } else {
        const element: XmlElement = { name: name!, attributes: {}, children: [], text: '' };
        for (const a of attrs!.matchAll(attribute)) {
          if (a[1]! in element.attributes) throw new Error(`duplicate attribute ${a[1]} at offset ${i}`);
          element.attributes[a[1]!] = decode(a[2] ?? a[3] ?? '', i);
        }
        if (stack.length) stack.at(-1)!.children.push(element);
        else if (root) throw new Error(`second root element at offset ${i}`);
        else root = element;
        if (!selfClosing) stack.push(element);
      }
      i += whole.length;
    } else {
      const next = xml.indexOf('<', i);
      const raw = xml.slice(i, next < 0 ? undefined : next);
      const text = decode(raw, i);
      if (stack.length) stack.at(-1)!.text += text;
      else if (text.trim() !== '') throw new Error(`text outside the root element at offset ${i}`);
      i += raw.length;
    }
  }
  if (stack.length) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
