/* eslint-disable no-script-url */ // Hostile URLs are the test data.
import { isImageAllowed, safeHttpUrl, safeLinkUrl } from './urlPolicy';

/** Link targets that must never reach an href. */
const HOSTILE_LINKS: string[] = [
  'javascript:alert(1)',
  'JAVASCRIPT:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  '\tjavascript:alert(1)',
  '\njavascript:alert(1)',
  '\u0000javascript:alert(1)',
  '\u0001javascript:alert(1)',
  '\u00a0javascript:alert(1)',
  '\u200bjavascript:alert(1)',
  '\ufeffjavascript:alert(1)',
  'java\tscript:alert(1)',
  'java\nscript:alert(1)',
  'java\rscript:alert(1)',
  'java\u0000script:alert(1)',
  'java%09script:alert(1)',
  'javascript&#58;alert(1)',
  'javascript&colon;alert(1)',
  '&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)',
  '&#x6A;avascript:alert(1)',
  'javascript://%0aalert(1)',
  'javascript:http://example.com',
  'ｊavascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'DATA:text/html,x',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'VBScript:msgbox(1)',
  'file:///etc/passwd',
  'blob:https://example.com/uuid',
  'filesystem:https://example.com/temporary/x',
  'about:blank',
  'chrome://settings',
  'ftp://example.com/file',
  'tel:+123456',
  'sms:+123456',
  'intent://scan/#Intent;scheme=zxing;end',
  'http:example.com',
  'https:/example.com',
  'https:\\\\example.com',
  'https://',
  'http:///path',
  '//evil.example.com/path',
  '\\\\evil.example.com',
  '/relative/path',
  './relative',
  '../up',
  'relative.html',
  '?query=1',
  '#fragment',
  '#',
  '',
  ' https://example.com',
  'https://example.com ',
  'https://exa mple.com',
  'https://example.com/\u2028x',
  'mailto :a@b.c',
];

const GOOD_LINKS: string[] = [
  'https://example.com',
  'https://example.com/path?q=1#frag',
  'http://localhost:3000/x',
  'HTTPS://EXAMPLE.COM/Upper',
  'https://user@example.com/',
  'https://example.com/a%20b',
  'https://xn--nxasmq6b.example/',
  'mailto:someone@example.com',
  'MAILTO:someone@example.com?subject=Hi%20there',
];

describe('safeLinkUrl', () => {
  it('has a meaningful hostile corpus', () => {
    expect(HOSTILE_LINKS.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE_LINKS.map(href => [JSON.stringify(href), href]))(
    'rejects %s',
    (_, href) => {
      expect(safeLinkUrl(href)).toBeUndefined();
    },
  );

  it.each(GOOD_LINKS)('accepts %s unchanged', href => {
    expect(safeLinkUrl(href)).toBe(href);
  });

  it('rejects non-strings', () => {
    expect(safeLinkUrl(undefined)).toBeUndefined();
    expect(safeLinkUrl(null)).toBeUndefined();
    expect(safeLinkUrl(42)).toBeUndefined();
    expect(safeLinkUrl({ toString: () => 'https://example.com' })).toBeUndefined();
  });
});

describe('safeHttpUrl', () => {
  it('accepts http(s) only, not mailto', () => {
    expect(safeHttpUrl('https://example.com/a.png')).toBe('https://example.com/a.png');
    expect(safeHttpUrl('http://example.com/a.png')).toBe('http://example.com/a.png');
    expect(safeHttpUrl('mailto:a@example.com')).toBeUndefined();
    for (const href of HOSTILE_LINKS) expect(safeHttpUrl(href)).toBeUndefined();
  });
});

describe('isImageAllowed', () => {
  const hosts = ['images.example.com', 'CDN.Example.org'];

  it.each([
    'https://images.example.com/a.png',
    'http://images.example.com/a.png',
    'https://IMAGES.EXAMPLE.COM/a.png',
    'https://images.example.com:8443/a.png',
    'https://cdn.example.org/x/y.svg',
  ])('allows %s', src => {
    expect(isImageAllowed(src, hosts)).toBe(true);
  });

  it.each([
    'https://evil.com/a.png',
    'https://sub.images.example.com/a.png',
    'https://images.example.com.evil.com/a.png',
    'https://evilimages.example.com/a.png',
    'https://images.example.com@evil.com/a.png',
    'https://evil.com/images.example.com/a.png',
    'https://evil.com/?u=https://images.example.com/a.png',
    'https://example.com/a.png',
    'https://images.example.com./a.png',
    '//images.example.com/a.png',
    '/a.png',
    'a.png',
    'data:image/png;base64,iVBORw0KGgo=',
    'javascript:alert(1)//images.example.com',
    'ftp://images.example.com/a.png',
    ' https://images.example.com/a.png',
    'blob:https://images.example.com/uuid',
    '',
  ])('refuses %s', src => {
    expect(isImageAllowed(src, hosts)).toBe(false);
  });

  it('refuses everything with an empty allow-list', () => {
    expect(isImageAllowed('https://images.example.com/a.png', [])).toBe(false);
  });

  it('matches allow-list entries exactly, ignoring case and surrounding spaces', () => {
    expect(isImageAllowed('https://a.example.com/x.png', [' A.Example.com '])).toBe(true);
    expect(isImageAllowed('https://a.example.com/x.png', ['example.com'])).toBe(false);
    expect(isImageAllowed('https://a.example.com/x.png', ['*.example.com'])).toBe(false);
  });
});
