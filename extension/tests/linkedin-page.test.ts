import { describe, expect, it } from 'vitest';
import { detectLinkedInPage } from '@/utils/linkedin-page';

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
