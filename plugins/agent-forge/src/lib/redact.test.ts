import { redactSecrets } from './redact';

describe('redactSecrets', () => {
  it.each([
    ['Authorization: Bearer s3cr3t-proxy-token', 'Authorization: [redacted]'],
    ['authorization=Basic dXNlcjpwYXNz', 'authorization=[redacted]'],
    ['{"Authorization": "Bearer abc.def.ghi"}', '{"Authorization": "[redacted]"}'],
    ['Proxy-Authorization: Token 12345678', 'Proxy-Authorization: [redacted]'],
    ['x-api-key: sk-live-0123456789', 'x-api-key: [redacted]'],
    ['Cookie: session=abcdef; other=1', 'Cookie: [redacted]; other=1'],
    ['use bearer AbCdEf0123456789== to call', 'use bearer [redacted] to call'],
    [
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyOmRlZmF1bHQvZ3Vlc3QifQ.c2lnbmF0dXJl here',
      'token [redacted] here',
    ],
  ])('redacts %j', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('leaves ordinary text alone', () => {
    const text =
      'The authorization flow uses OAuth. A bearer token is short-lived, a bearer certificate-of-deposit too. See `api_key` docs.';
    expect(redactSecrets(text)).toBe(text);
  });

  it('stays linear on long runs of near-matches', () => {
    // Correctness only: each of these is a long run that a backtracking pattern would chew on.
    const runs = ['authorization'.repeat(20_000), `bearer ${'a1'.repeat(100_000)}`, `eyJ${'a'.repeat(200_000)}.`];
    expect(redactSecrets(runs[0])).toBe(runs[0]);
    expect(redactSecrets(runs[1])).toBe('bearer [redacted]');
    expect(redactSecrets(runs[2])).toBe(runs[2]);
  });
});
