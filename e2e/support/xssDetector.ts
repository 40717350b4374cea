/*
 * Watches a browser context for the effects of injected markup:
 *
 * - `__xss(id)`: payloads call it; any call means script ran. Defined in
 *   every frame (iframes included) by an init script, reported to Node
 *   through a binding at once, so a call is seen even if the page breaks.
 * - A MutationObserver on the whole document reports, for everything ever
 *   inserted into (or changed inside) the app's `#root`, even transiently
 *   while a reply streams: `on*` attributes, URL attributes whose
 *   browser-parsed scheme is not http(s)/mailto (javascript:, data:,
 *   vbscript:, `java\tscript:` ...), srcdoc, CSS `url(`, elements that
 *   execute or load (script, iframe, object, embed, base, meta, link, style,
 *   SVG animation/foreignObject/image/use), and every image source.
 * - Every network request of the context, for the test to check against its
 *   allow-list.
 *
 * Dialogs are already recorded by support/browser.ts (PageSession.dialogs).
 */
import type { BrowserContext, Page, Request } from 'playwright-core';

export interface XssFinding {
  kind:
    | 'script-ran'
    | 'event-handler'
    | 'unsafe-url'
    | 'srcdoc'
    | 'css-url'
    | 'dangerous-element'
    | 'image';
  detail: string;
  /** URL of the frame that reported it. */
  frame: string;
}

export interface XssDetector {
  /** Everything reported so far (images included: filter by kind). */
  readonly findings: readonly XssFinding[];
  /** Every request the context made so far (URL and resource type). */
  readonly requests: ReadonlyArray<{ url: string; type: string }>;
  /** Re-checks every element under #root now (in addition to the observer). */
  scanNow(page: Page): Promise<void>;
  /** Forgets findings and requests (after the canary checks). */
  reset(): void;
}

const BINDING = '__xssReport';

/** Runs in the page (every frame), before any of its scripts. */
function detectorInitScript(binding: string) {
  const w = window as unknown as Record<string, any>;
  const report = (kind: string, detail: unknown) => {
    const text = String(detail).slice(0, 300);
    (w.__xssFindings ||= []).push([kind, text]);
    try {
      w[binding]?.(kind, text);
    } catch {
      // The binding is gone when the page closes.
    }
  };
  w.__xss = (id: unknown) => report('script-ran', id);

  const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
  const URL_ATTRIBUTES = new Set([
    'href', 'src', 'action', 'formaction', 'data', 'poster', 'background',
    'xlink:href', 'codebase', 'cite', 'ping', 'srcset', 'lowsrc', 'dynsrc',
    'manifest', 'icon', 'longdesc', 'usemap', 'profile', 'classid', 'archive',
  ]);
  const DANGEROUS = new Set([
    'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'base', 'meta', 'link', 'style', 'portal', 'foreignobject', 'animate',
    'animatetransform', 'animatemotion', 'set', 'use', 'image', 'template',
    'noscript', 'xmp', 'plaintext',
  ]);
  const IMAGE_TAGS = new Set(['img', 'image', 'source', 'video', 'audio', 'input', 'picture']);

  const describe = (el: Element) => el.outerHTML.slice(0, 200);
  const urlsOf = (name: string, value: string) =>
    name === 'srcset' || name === 'ping'
      ? value.split(/,|\s+/).filter(part => part && !/^\d+(\.\d+)?[wx]$/.test(part))
      : [value];

  const check = (el: Element) => {
    const root = document.getElementById('root');
    if (!root || !root.contains(el)) return;
    const tag = el.localName.toLowerCase();
    if (DANGEROUS.has(tag)) report('dangerous-element', describe(el));
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) report('event-handler', `${name} on ${describe(el)}`);
      if (name === 'srcdoc') report('srcdoc', describe(el));
      if (name === 'style' && /url\s*\(|expression\s*\(|@import/i.test(attr.value)) {
        report('css-url', describe(el));
      }
      if (URL_ATTRIBUTES.has(name) || name.endsWith(':href')) {
        for (const url of urlsOf(name, attr.value)) {
          let scheme = '';
          try {
            scheme = new URL(url, document.baseURI).protocol;
          } catch {
            continue; // Not a URL the browser would follow.
          }
          if (!SAFE_SCHEMES.has(scheme)) report('unsafe-url', `${name}="${url}" on ${describe(el)}`);
          if (IMAGE_TAGS.has(tag) && (name === 'src' || name === 'srcset' || name === 'href' || name === 'xlink:href' || name === 'poster')) {
            report('image', new URL(url, document.baseURI).href);
          }
        }
      }
    }
  };
  const checkTree = (node: Node) => {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as Element;
    check(el);
    el.querySelectorAll('*').forEach(check);
  };
  w.__xssScan = () => {
    const root = document.getElementById('root');
    if (root) checkTree(root);
  };
  new MutationObserver(records => {
    for (const record of records) {
      if (record.type === 'attributes') check(record.target as Element);
      else record.addedNodes.forEach(checkTree);
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

export async function installXssDetector(context: BrowserContext): Promise<XssDetector> {
  const findings: XssFinding[] = [];
  const requests: Array<{ url: string; type: string }> = [];
  await context.exposeBinding(BINDING, (source, kind: XssFinding['kind'], detail: string) => {
    findings.push({ kind, detail, frame: source.frame.url() });
  });
  await context.addInitScript(detectorInitScript, BINDING);
  context.on('request', (request: Request) => {
    requests.push({ url: request.url(), type: request.resourceType() });
  });
  return {
    findings,
    requests,
    async scanNow(page) {
      await page.evaluate(() => (window as unknown as { __xssScan(): void }).__xssScan());
    },
    reset() {
      findings.length = 0;
      requests.length = 0;
    },
  };
}
