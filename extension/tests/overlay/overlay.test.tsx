import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Overlay } from '@/overlay/Overlay';
import type { OverlayPage } from '@/overlay/overlay-view';
import type { CompanySnapshot } from '@/readers/company-reader';
import type { Field, Position, ProfileSnapshot } from '@/readers/profile-reader';
import { useBackgroundWorld } from '../support/background-world';
import { linkedInSender, routeSendMessageFrom } from '../support/extension-contexts';
import { KNOWN_ACCOUNT_ID, KNOWN_STAKEHOLDER_ID, VALID_TOKEN } from '../support/fake-api';

const world = useBackgroundWorld();

const JANE_PAGE = 'https://www.linkedin.com/in/jane-doe/';

function field(value: string, confidence: Field<string>['confidence'] = 'high'): Field<string> {
  return { value, confidence, source: 'semantic' };
}

function position(title: string, company: string, companyKey: string | null): Position {
  return {
    title: field(title),
    company: field(company, 'medium'),
    companyUrl: companyKey ? field(companyKey) : null,
    current: true,
  };
}

function profilePage(
  slug: string,
  name: string,
  positions: Position[],
  nameConfidence: Field<string>['confidence'] = 'high',
) {
  const snapshot: ProfileSnapshot = {
    kind: 'profile',
    profileKey: `linkedin.com/in/${slug}`,
    name: field(name, nameConfidence),
    headline: null,
    location: null,
    currentPositions: positions,
    warnings: [],
  };
  return {
    url: `https://www.linkedin.com/in/${slug}/`,
    key: `linkedin.com/in/${slug}`,
    snapshot,
  } satisfies OverlayPage;
}

function companyPage(slug: string): OverlayPage {
  const snapshot: CompanySnapshot = {
    kind: 'company',
    companyKey: `linkedin.com/company/${slug}`,
    name: field('Acme Corp'),
    website: null,
    industry: null,
    warnings: [],
  };
  return { url: `https://www.linkedin.com/company/${slug}/`, key: `linkedin.com/company/${slug}`, snapshot };
}

const janeAtGlobex = () =>
  profilePage('jane-doe', 'Jane Doe', [position('CFO', 'Globex', 'linkedin.com/company/globex')]);

function card() {
  return within(screen.getByRole('complementary', { name: 'Threadwatch' }));
}

beforeEach(async () => {
  routeSendMessageFrom(linkedInSender(JANE_PAGE));
  await world.start();
});

afterEach(() => {
  cleanup();
});

describe('overlay on a tracked person’s profile', () => {
  it('shows the person, account, roles, status, threads, owner and risk band', async () => {
    render(<Overlay page={janeAtGlobex()} />);
    const tracked = await screen.findByRole('region', { name: 'Tracked stakeholder' });
    const text = tracked.textContent ?? '';
    expect(within(tracked).getByRole('heading', { name: 'Jane Doe' })).toBeTruthy();
    for (const part of [
      'Acme Corp (Strategic)',
      'Economic buyer · Main contact',
      'Active',
      'Dana Rep',
      'Amber risk (55)',
      'Dana Rep · strong · live',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('says when the page shows another company, and offers the job-change kinds and "Not a change"', async () => {
    render(<Overlay page={janeAtGlobex()} />);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The page shows Globex as the current company, not Acme Corp.',
    );
    const kinds = screen.getByRole('group', { name: 'Flag a job change' });
    expect(
      within(kinds)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Left company', 'Internal move', 'Promotion', 'Leaving soon', 'Not a change']);
    fireEvent.click(screen.getByRole('button', { name: 'Not a change' }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Not a change' })).toBeNull();
  });

  it.each([
    {
      name: 'the same company page key',
      positions: [position('VP Finance', 'Acme Inc.', 'linkedin.com/company/acme')],
    },
    {
      name: 'the same name, any case, when there is no company link',
      positions: [position('VP Finance', 'ACME corp', null)],
    },
    { name: 'no current position on the page', positions: [] },
  ])('raises no company difference for $name', async ({ positions }) => {
    render(<Overlay page={profilePage('jane-doe', 'Jane Doe', positions)} />);
    await screen.findByRole('region', { name: 'Tracked stakeholder' });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends the corrected values: the form is prefilled from the page, with hints where the reader was unsure', async () => {
    render(<Overlay page={janeAtGlobex()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Left company' }));
    const form = within(screen.getByRole('form', { name: 'Flag: Left company' }));
    expect((form.getByLabelText('Name') as HTMLInputElement).value).toBe('Jane Doe');
    expect((form.getByLabelText('Title') as HTMLInputElement).value).toBe('CFO');
    expect((form.getByLabelText('Company') as HTMLInputElement).value).toBe('Globex');
    expect((form.getByLabelText('Company URL') as HTMLInputElement).value).toBe(
      'https://www.linkedin.com/company/globex/',
    );
    expect(form.getByLabelText('Company').getAttribute('aria-describedby')).toBeTruthy();
    expect(form.getByText('Probably right: check it')).toBeTruthy();

    fireEvent.change(form.getByLabelText('Title'), { target: { value: '  Chief Financial Officer ' } });
    fireEvent.change(form.getByLabelText('Company'), { target: { value: 'Globex Corporation' } });
    fireEvent.click(form.getByRole('button', { name: 'Send flag' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Sent. Flag recorded for Jane Doe.'));
    const [request, ...others] = world.api.flagRequests();
    expect(others).toEqual([]);
    expect(request?.variables.input).toEqual({
      kind: 'LEFT_COMPANY',
      observedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      idempotencyKey: expect.any(String),
      stakeholderId: KNOWN_STAKEHOLDER_ID,
      accountId: KNOWN_ACCOUNT_ID,
      profileUrl: JANE_PAGE,
      observedName: 'Jane Doe',
      observedTitle: 'Chief Financial Officer',
      observedCompany: 'Globex Corporation',
      observedCompanyUrl: 'https://www.linkedin.com/company/globex/',
      pageUrl: JANE_PAGE,
    });
  });

  it('shows "Queued" while the API is down; the queue keeps the flag', async () => {
    render(<Overlay page={janeAtGlobex()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leaving soon' }));
    world.api.outage = true;
    fireEvent.click(screen.getByRole('button', { name: 'Send flag' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Queued/));
    await world.settled();
    expect(await world.items()).toMatchObject([{ status: 'queued', flag: { kind: 'jobChange' } }]);
  });

  it('lists a flag queued while the API was down when the person is shown again, until it is sent', async () => {
    // The overlay's messages reach the real background as from a content script on LinkedIn.
    const first = render(<Overlay page={janeAtGlobex()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Leaving soon' }));
    world.api.outage = true;
    fireEvent.click(screen.getByRole('button', { name: 'Send flag' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Queued/));
    await world.settled();
    first.unmount();
    world.api.outage = false;

    // Back on Jane's profile: the lookup has no flag yet, the queue has one waiting for its retry.
    render(<Overlay page={janeAtGlobex()} />);
    const flagged = await screen.findByRole('region', { name: 'Flags about this person' });
    expect(flagged.textContent).toContain('Leaving soon · Globex · waiting to be sent');
    expect(await world.items()).toMatchObject([{ status: 'queued' }]);

    // The retry sends it: it leaves the list without the overlay asking again.
    await act(() => world.fireRetryAlarm());
    expect(await world.items()).toMatchObject([{ status: 'sent' }]);
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Flags about this person' })).toBeNull());
  });
});

describe('overlay on an unknown person’s profile', () => {
  const samAtAcme = () =>
    profilePage('sam-lee', 'Sam Lee', [position('Head of IT', 'Acme Corp', 'linkedin.com/company/acme')], 'low');

  it('offers to add a person who works at one of our accounts, with the role chosen', async () => {
    render(<Overlay page={samAtAcme()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add as stakeholder' }));
    const form = within(screen.getByRole('form', { name: 'Add to Acme Corp' }));
    expect((form.getByLabelText('Name') as HTMLInputElement).value).toBe('Sam Lee');
    expect(form.getByText('Unsure: please check')).toBeTruthy();
    expect((form.getByLabelText('Profile URL') as HTMLInputElement).value).toBe('https://www.linkedin.com/in/sam-lee/');
    fireEvent.change(form.getByLabelText('Name'), { target: { value: 'Samantha Lee' } });
    fireEvent.change(form.getByLabelText('Role'), { target: { value: 'TECHNICAL_EVALUATOR' } });
    fireEvent.click(form.getByRole('button', { name: 'Add stakeholder' }));

    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added Samantha Lee to Acme Corp.'));
    const add = world.api.received.find((request) => request.operationName === 'AddStakeholderFromPage');
    expect(add?.variables.input).toEqual({
      accountId: KNOWN_ACCOUNT_ID,
      fullName: 'Samantha Lee',
      title: 'Head of IT',
      profileUrl: 'https://www.linkedin.com/in/sam-lee/',
      buyingRoles: ['TECHNICAL_EVALUATOR'],
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  function addJaneLookalike() {
    // The fake API answers possible duplicates for the name Jane Doe.
    render(
      <Overlay
        page={profilePage('jane-doe-2', 'Jane Doe', [position('CFO', 'Acme Corp', 'linkedin.com/company/acme')])}
      />,
    );
    return screen.findByRole('button', { name: 'Add as stakeholder' }).then((button) => {
      fireEvent.click(button);
      fireEvent.click(screen.getByRole('button', { name: 'Add stakeholder' }));
      return screen.findByRole('region', { name: 'Possible duplicates' });
    });
  }

  it('shows possible duplicates and links the profile to the one the user picks', async () => {
    const duplicates = await addJaneLookalike();
    expect(duplicates.textContent).toContain('Jane Doe · VP Finance · Active');
    fireEvent.click(within(duplicates).getByRole('button', { name: 'Link to this person' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Linked this profile to Jane Doe.'));
    const link = world.api.received.find((request) => request.operationName === 'LinkProfileToStakeholder');
    expect(link?.variables.input).toEqual({
      stakeholderId: KNOWN_STAKEHOLDER_ID,
      profileUrl: 'https://www.linkedin.com/in/jane-doe-2/',
    });
  });

  it('adds anyway with notADuplicate and a new idempotency key', async () => {
    const duplicates = await addJaneLookalike();
    fireEvent.click(within(duplicates).getByRole('button', { name: 'Add anyway' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added Jane Doe to Acme Corp.'));
    const adds = world.api.received.filter((request) => request.operationName === 'AddStakeholderFromPage');
    expect(adds).toHaveLength(2);
    const [first, second] = adds.map((request) => request.variables.input as Record<string, unknown>);
    expect(first?.notADuplicate).toBeUndefined();
    expect(second?.notADuplicate).toBe(true);
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
  });

  it('queues the add when the API cannot be reached', async () => {
    render(<Overlay page={samAtAcme()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add as stakeholder' }));
    world.api.outage = true;
    fireEvent.click(screen.getByRole('button', { name: 'Add stakeholder' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/^Queued/));
    await world.settled();
    expect(await world.items()).toMatchObject([
      { status: 'queued', flag: { kind: 'addStakeholder', input: { fullName: 'Sam Lee' } } },
    ]);
  });

  it('says so, briefly, when the person is not tracked and works at no account of ours', async () => {
    render(
      <Overlay page={profilePage('kim-wu', 'Kim Wu', [position('CTO', 'Initech', 'linkedin.com/company/initech')])} />,
    );
    expect((await screen.findByRole('region', { name: 'Not tracked' })).textContent).toBe(
      'Not a tracked stakeholder, and the current company is not one of your accounts.',
    );
  });

  it('renders markup from the page as text', async () => {
    const hostile = '<img src=x onerror="alert(1)"><b>Eve</b>';
    render(
      <Overlay page={profilePage('eve', hostile, [position('<i>CTO</i>', 'Acme', 'linkedin.com/company/acme')])} />,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Add as stakeholder' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe(hostile);
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('<i>CTO</i>');
    expect(document.querySelectorAll('img, b, i, script')).toHaveLength(0);
  });
});

describe('overlay on a company page', () => {
  it('shows coverage at a glance and adds someone for a missing role', async () => {
    render(<Overlay page={companyPage('acme')} />);
    const coverage = await screen.findByRole('region', { name: 'Account coverage' });
    const text = coverage.textContent ?? '';
    expect(text).toContain('Coverage 33% · 1 live thread');
    expect(text).toContain('Amber risk (55)');
    expect(text).toContain('Jane Doe · Economic buyer · Active');
    expect(within(coverage).getByRole('alert').textContent).toMatch(/^Single-threaded/);
    const roles = within(screen.getByRole('list', { name: 'Required roles' }));
    expect(roles.getAllByRole('listitem').map((item) => item.firstElementChild?.textContent)).toEqual([
      '✗ Champion (missing)',
      '✓ Economic buyer',
      '✗ Executive sponsor (missing)',
    ]);

    fireEvent.click(screen.getByRole('button', { name: 'Add someone for Executive sponsor' }));
    const form = within(screen.getByRole('form', { name: 'Add to Acme Corp' }));
    expect((form.getByLabelText('Role') as HTMLSelectElement).value).toBe('EXECUTIVE_SPONSOR');
    fireEvent.change(form.getByLabelText('Name'), { target: { value: 'Olu Ade' } });
    fireEvent.change(form.getByLabelText('Title'), { target: { value: 'COO' } });
    fireEvent.click(form.getByRole('button', { name: 'Add stakeholder' }));
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Added Olu Ade to Acme Corp.'));
    const add = world.api.received.find((request) => request.operationName === 'AddStakeholderFromPage');
    expect(add?.variables.input).toMatchObject({
      fullName: 'Olu Ade',
      title: 'COO',
      buyingRoles: ['EXECUTIVE_SPONSOR'],
    });
  });

  it('says when the company is not one of our accounts', async () => {
    render(<Overlay page={companyPage('initech')} />);
    expect((await screen.findByRole('region', { name: 'Not an account' })).textContent).toBe(
      'This company is not one of your accounts.',
    );
  });
});

describe('overlay problems', () => {
  it.each([
    {
      name: 'not connected',
      arrange: async () => {
        await fakeBrowser.storage.local.remove(['apiUrl', 'apiToken']);
      },
      title: 'Not connected',
    },
    {
      name: 'a rejected token',
      arrange: () => {
        world.api.token = `${VALID_TOKEN}-other`;
      },
      title: 'Token rejected',
    },
    {
      name: 'an unreachable API',
      arrange: () => {
        world.api.outage = true;
      },
      title: 'Threadwatch API unreachable',
    },
    {
      name: 'no background',
      arrange: () => {
        vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Receiving end does not exist.'));
      },
      title: 'Threadwatch needs a reload',
    },
  ])('shows a small state for $name, and tries again on request', async ({ arrange, title }) => {
    await arrange();
    render(<Overlay page={janeAtGlobex()} />);
    const problem = await screen.findByRole('alert', { name: 'Threadwatch problem' });
    expect(problem.firstElementChild?.textContent).toBe(title);
    world.api.outage = false;
    world.api.token = VALID_TOKEN;
    if (title === 'Not connected')
      await fakeBrowser.storage.local.set({ apiUrl: 'https://threadwatch.test/graphql', apiToken: VALID_TOKEN });
    routeSendMessageFrom(linkedInSender(JANE_PAGE));
    await act(async () => {
      fireEvent.click(within(problem).getByRole('button', { name: 'Try again' }));
    });
    expect(await screen.findByRole('region', { name: 'Tracked stakeholder' })).toBeTruthy();
  });

  it('says an expired token expired (not "rejected"), and still lets the user queue a flag for later', async () => {
    world.api.expiredTokens.set(VALID_TOKEN, '2026-11-30T12:00:00.000Z');
    render(<Overlay page={janeAtGlobex()} />);
    const problem = await screen.findByRole('alert', { name: 'Threadwatch problem' });
    expect(problem.firstElementChild?.textContent).toBe('Token expired');
    expect(problem.textContent).toContain('Your token expired on 30 November 2026 — create a new one');
    expect(problem.textContent).not.toContain('rejected');
    expect(screen.getByText('Flag a job change (queued until a new token is saved)')).toBeTruthy();
    world.api.expiredTokens.clear();
  });

  it('can be collapsed and keeps what the user typed', async () => {
    render(<Overlay page={janeAtGlobex()} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Promotion' }));
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'CEO' } });
    fireEvent.click(screen.getByRole('button', { name: 'Hide Threadwatch' }));
    expect(card().getByRole('button', { name: 'Show Threadwatch' }).getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(screen.getByRole('button', { name: 'Show Threadwatch' }));
    expect((screen.getByLabelText('Title') as HTMLInputElement).value).toBe('CEO');
  });
});
