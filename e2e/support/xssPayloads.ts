/*
 * XSS payloads for the hostile-content test. Every payload that could run
 * script calls `__xss(id)` or `alert(id)` (both observed by the test), and
 * every URL a payload could make the browser fetch is on the probe server
 * under `/xss-probe/<id>` (or on an unresolvable host with that path), so a
 * single request log shows whether anything was fetched.
 *
 * Each payload is trimmed and at most 200 characters, so it survives the
 * places that trim or cap text (artifact labels, rename) unchanged.
 */

export type PayloadKind =
  | 'script'
  | 'event-handler'
  | 'javascript-url'
  | 'data-url'
  | 'svg'
  | 'markdown-link'
  | 'markdown-image'
  | 'entities'
  | 'css'
  | 'mxss'
  | 'template';

export interface Payload {
  id: number;
  kind: PayloadKind;
  text: string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/**
 * @param probe base URL of the probe server under a host name that is NOT
 *   allow-listed for images, e.g. `http://localhost:1234`.
 */
export function hostilePayloads(probe: string): Payload[] {
  const p = (id: number) => `${probe}/xss-probe/${id}`;
  const list: Array<[PayloadKind, (id: number) => string]> = [
    // Script tags and filter bypasses
    ['script', n => `<script>__xss(${n})</script>`],
    ['script', n => `<SCRIPT SRC=${p(n)}.js></SCRIPT>`],
    ['script', n => `<scr<script>ipt>__xss(${n})</scr</script>ipt>`],
    ['script', n => `</textarea></title></style><script>__xss(${n})</script>`],
    ['script', n => `<script type="module">alert(${n})</script>`],
    // Event handlers
    ['event-handler', n => `<img src=x onerror=__xss(${n})>`],
    ['event-handler', n => `<img src="${p(n)}.png" onerror="alert(${n})">`],
    ['event-handler', n => `<body onload=__xss(${n})>`],
    ['event-handler', n => `<details open ontoggle=__xss(${n})>x</details>`],
    ['event-handler', n => `<input autofocus onfocus=__xss(${n})>`],
    ['event-handler', n => `<video><source onerror=__xss(${n})></video>`],
    ['event-handler', n => `<audio src=x onerror=alert(${n})>`],
    ['event-handler', n => `"><img src=x onerror=__xss(${n})>`],
    ['event-handler', n => `'><div onmouseover=__xss(${n}) style=position:fixed;inset:0>x</div>`],
    ['event-handler', n => `<marquee onstart=__xss(${n})>x</marquee>`],
    ['event-handler', n => `<div onpointerenter=__xss(${n}) tabindex=0 onfocusin=alert(${n})>x</div>`],
    // javascript: URLs
    ['javascript-url', n => `<a href="javascript:__xss(${n})">click me</a>`],
    ['javascript-url', n => `<iframe src="javascript:__xss(${n})"></iframe>`],
    ['javascript-url', n => `<form><button formaction="javascript:__xss(${n})">go</button></form>`],
    ['javascript-url', n => `<meta http-equiv="refresh" content="0;url=javascript:__xss(${n})">`],
    ['javascript-url', n => `<base href="javascript:__xss(${n})//">`],
    ['javascript-url', n => `<object data="javascript:__xss(${n})"></object>`],
    // data: URLs
    ['data-url', n => `<iframe src="data:text/html;base64,${b64(`<script>parent.__xss(${n})</script>`)}"></iframe>`],
    ['data-url', n => `<embed src="data:text/html,<script>alert(${n})</script>">`],
    ['data-url', n => `[data link](data:text/html;base64,${b64(`<script>__xss(${n})</script>`)})`],
    ['data-url', n => `![data image](data:image/svg+xml;base64,${b64(`<svg xmlns="http://www.w3.org/2000/svg" onload="__xss(${n})"/>`)})`],
    ['data-url', n => `<iframe srcdoc="<script>parent.__xss(${n})</script>"></iframe>`],
    // SVG
    ['svg', n => `<svg onload=__xss(${n})>`],
    ['svg', n => `<svg><script>__xss(${n})</script></svg>`],
    ['svg', n => `<svg><a xlink:href="javascript:__xss(${n})"><text x=0 y=20>x</text></a></svg>`],
    ['svg', n => `<svg><animate onbegin=__xss(${n}) attributeName=x dur=1s>`],
    ['svg', n => `<svg><image href="${p(n)}.png"/></svg>`],
    ['svg', n => `<svg><foreignObject><img src=x onerror=alert(${n})></foreignObject></svg>`],
    ['svg', n => `<svg><set attributeName=onmouseover to=__xss(${n})>`],
    // Markdown links
    ['markdown-link', n => `[click me](javascript:__xss(${n}))`],
    ['markdown-link', n => `[click me](JaVaScRiPt:__xss(${n}))`],
    ['markdown-link', n => `[click me](java&#x09;script:__xss(${n}))`],
    ['markdown-link', n => `[click me](&#106;avascript:__xss(${n}))`],
    ['markdown-link', n => `[click me](javascript&colon;__xss(${n}))`],
    ['markdown-link', n => `[click me](<javascript:__xss(${n})>)`],
    ['markdown-link', n => `[click me](vbscript:__xss(${n}))`],
    ['markdown-link', n => `<javascript:__xss(${n})>`],
    ['markdown-link', n => `[ref link][r${n}]\n\n[r${n}]: javascript:__xss(${n})`],
    ['markdown-link', n => `[x](${probe}/ "t\\" onmouseover=\\"__xss(${n})")`],
    ['markdown-link', n => `[![nested](${p(n)}.png)](javascript:__xss(${n}))`],
    ['markdown-link', n => `www.example.com/"onmouseover="__xss(${n})"`],
    // Markdown images that must not load (not on the allow-listed host)
    ['markdown-image', n => `![probe](${p(n)}.png)`],
    ['markdown-image', n => `![probe](http://127.0.0.1@localhost:${probe.split(':').pop()}/xss-probe/${n}.png)`],
    ['markdown-image', n => `![probe](${p(n)}.png?host=127.0.0.1)`],
    ['markdown-image', n => `![probe](${p(n)}.png#127.0.0.1)`],
    ['markdown-image', n => `![probe](${probe.replace('http:', '')}/xss-probe/${n}.png)`],
    ['markdown-image', n => `![probe](/xss-probe/${n}.png)`],
    ['markdown-image', n => `![probe](${probe.toUpperCase()}/xss-probe/${n}.png)`],
    ['markdown-image', n => `![probe](http://xss-probe.invalid/xss-probe/${n}.png)`],
    ['markdown-image', n => `![probe][i${n}]\n\n[i${n}]: ${p(n)}.png`],
    ['markdown-image', n => `![x" onerror="__xss(${n})](${p(n)}.png)`],
    ['markdown-image', n => `![probe](javascript:__xss(${n}))`],
    ['markdown-image', n => `<img srcset="${p(n)}.png 1x">`],
    // HTML entities
    ['entities', n => `&lt;script&gt;__xss(${n})&lt;/script&gt;`],
    ['entities', n => `&#60;img src=x onerror=__xss(${n})&#62;`],
    ['entities', n => `<a href="&#x6A;avascript:__xss(${n})">x</a>`],
    ['entities', n => `<img src=x onerror=&#95;&#95;xss(${n})>`],
    // CSS
    ['css', n => `<style>@import '${p(n)}.css';</style>`],
    ['css', n => `<div style="background:url(${p(n)}.png)">x</div>`],
    ['css', n => `<link rel=stylesheet href="${p(n)}.css">`],
    // Mutation XSS and parser confusion
    ['mxss', n => `<math><mtext><table><mglyph><style><img src=x onerror=__xss(${n})>`],
    ['mxss', n => `<noscript><p title="</noscript><img src=x onerror=__xss(${n})>">`],
    ['mxss', n => `<!--><img src=x onerror=__xss(${n})>-->`],
    ['mxss', n => `<![CDATA[><img src=x onerror=__xss(${n})>]]>`],
    ['mxss', n => '```html\n<script>__xss(' + n + ')</script>\n```'],
    ['mxss', n => '`<img src=x onerror=__xss(' + n + ')>`'],
    // Template and translation-interpolation injection (must show literally)
    ['template', n => `{{constructor.constructor('__xss(${n})')()}}`],
    ['template', n => `$t(sidebar.delete) {{title}} \${__xss(${n})} #${n}`],
  ];
  const payloads = list.map(([kind, make], index) => ({
    id: index + 1,
    kind,
    text: make(index + 1),
  }));
  for (const payload of payloads) {
    if (payload.text !== payload.text.trim() || payload.text.length > 200) {
      throw new Error(`payload ${payload.id} must be trimmed and at most 200 characters: ${payload.text}`);
    }
  }
  return payloads;
}
