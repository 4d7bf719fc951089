import { describe, expect, it } from 'vitest';
import { detectLinkedInPage, isLinkedInHostname, isLinkedInPageUrl } from '@/utils/linkedin-page';

describe('detectLinkedInPage', () => {
  it.each([
    {
      href: 'https://www.linkedin.com/in/jane-doe/',
      page: { kind: 'profile', key: 'linkedin.com/in/jane-doe' },
    },
    {
      href: 'https://www.linkedin.com/in/Jane-Doe/details/experience/?trk=x#top',
      page: { kind: 'profile', key: 'linkedin.com/in/jane-doe' },
    },
    {
      href: 'https://de.linkedin.com/company/acme-corp/people/',
      page: { kind: 'company', key: 'linkedin.com/company/acme-corp' },
    },
    { href: 'https://www.linkedin.com/feed/', page: null },
    { href: 'https://www.linkedin.com/in/', page: null },
    { href: 'https://www.linkedin.com.evil.example/in/jane-doe/', page: null },
  ])('$href → $page', ({ href, page }) => {
    expect(detectLinkedInPage({ href })).toEqual(page);
  });
});

describe('isLinkedInHostname', () => {
  it.each([
    { host: 'linkedin.com', ok: true },
    { host: 'www.linkedin.com', ok: true },
    { host: 'de.linkedin.com', ok: true },
    { host: 'WWW.LinkedIn.com.', ok: true },
    { host: 'evillinkedin.com', ok: false },
    { host: 'linkedin.com.evil.example', ok: false },
    { host: 'linkedin.co', ok: false },
  ])('$host → $ok', ({ host, ok }) => {
    expect(isLinkedInHostname(host)).toBe(ok);
  });
});

describe('isLinkedInPageUrl', () => {
  it.each([
    { url: 'https://www.linkedin.com/in/jane/', ok: true },
    { url: 'http://www.linkedin.com/in/jane/', ok: true },
    { url: 'javascript://www.linkedin.com/%0aalert(1)', ok: false },
    { url: 'file:///www.linkedin.com/in/jane', ok: false },
    { url: 'not a url', ok: false },
    { url: undefined, ok: false },
  ])('$url → $ok', ({ url, ok }) => {
    expect(isLinkedInPageUrl(url)).toBe(ok);
  });
});
