import { describe, expect, it } from 'vitest';
import { parseApiUrl, parseToken } from '@/settings/api-settings';

describe('parseApiUrl', () => {
  it.each([
    {
      input: 'https://threadwatch.example.com/graphql',
      endpoint: 'https://threadwatch.example.com/graphql',
      permission: 'https://threadwatch.example.com/*',
    },
    {
      input: '  https://threadwatch.example.com  ',
      endpoint: 'https://threadwatch.example.com/graphql',
      permission: 'https://threadwatch.example.com/*',
    },
    {
      input: 'http://127.0.0.1:4000/graphql',
      endpoint: 'http://127.0.0.1:4000/graphql',
      permission: 'http://127.0.0.1/*',
    },
    { input: 'http://localhost:4000', endpoint: 'http://localhost:4000/graphql', permission: 'http://localhost/*' },
    { input: 'http://[::1]:4000/graphql#x', endpoint: 'http://[::1]:4000/graphql', permission: 'http://[::1]/*' },
    {
      input: 'https://tw.example.com:8443/api/graphql',
      endpoint: 'https://tw.example.com:8443/api/graphql',
      permission: 'https://tw.example.com/*',
    },
  ])('accepts $input', ({ input, endpoint, permission }) => {
    expect(parseApiUrl(input)).toMatchObject({ ok: true, value: { endpoint, permissionPattern: permission } });
  });

  it.each([
    { input: '', reason: /^Enter the API URL/ },
    { input: 'threadwatch.example.com', reason: /not a valid address/ },
    { input: 'ftp://threadwatch.example.com', reason: /must start with https:\/\// },
    { input: 'javascript:alert(1)', reason: /must start with https:\/\// },
    { input: 'http://threadwatch.example.com/graphql', reason: /would send the token unencrypted/ },
    { input: 'http://127.0.0.1.evil.example/graphql', reason: /would send the token unencrypted/ },
    { input: 'https://user:pass@threadwatch.example.com/', reason: /user name or password/ },
    { input: `https://example.com/${'a'.repeat(2100)}`, reason: /too long/ },
  ])('refuses $input', ({ input, reason }) => {
    const result = parseApiUrl(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});

describe('parseToken', () => {
  it.each([
    { input: `  tw_${'x'.repeat(43)}\n`, ok: true },
    { input: '', ok: false },
    { input: 'tw_abc def', ok: false },
    { input: 'tw_ünïcode', ok: false },
    { input: `tw_${'x'.repeat(600)}`, ok: false },
  ])('$input → ok: $ok', ({ input, ok }) => {
    expect(parseToken(input).ok).toBe(ok);
  });
});
