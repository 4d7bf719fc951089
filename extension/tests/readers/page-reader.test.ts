import { describe, expect, it } from 'vitest';
import { readPage } from '@/readers/page-reader';
import { loadFixture } from './load-fixture';

describe('readPage', () => {
  it.each([
    { fixture: 'profile-logged-in.html', url: 'https://www.linkedin.com/in/mara-lindqvist-example/', kind: 'profile' },
    {
      fixture: 'profile-logged-in.html',
      url: 'https://www.linkedin.com/in/mara-lindqvist-example/details/experience/?trk=x',
      kind: 'profile',
    },
    { fixture: 'company-guest.html', url: 'https://uk.linkedin.com/company/tailspin-freight/about/', kind: 'company' },
    { fixture: 'company-logged-in.html', url: 'https://www.linkedin.com/feed/', kind: null },
    { fixture: 'profile-logged-in.html', url: 'https://www.linkedin.com.evil.example/in/mara/', kind: null },
    { fixture: 'profile-logged-in.html', url: 'javascript:alert(1)', kind: null },
    { fixture: 'profile-logged-in.html', url: '', kind: null },
  ])('$url → $kind', ({ fixture, url, kind }) => {
    expect(readPage(loadFixture(fixture), url)?.kind ?? null).toBe(kind);
  });

  it('returns the reader snapshot with the canonical key', () => {
    const profile = readPage(loadFixture('profile-german.html'), 'https://de.linkedin.com/in/Joerdis-Weissenbach/');
    expect(profile).toMatchObject({ kind: 'profile', profileKey: 'linkedin.com/in/joerdis-weissenbach' });
    const company = readPage(loadFixture('company-guest.html'), 'https://uk.linkedin.com/company/tailspin-freight');
    expect(company).toMatchObject({ kind: 'company', companyKey: 'linkedin.com/company/tailspin-freight' });
  });
});
