/**
 * The dashboard's "This week" section and its account drawer, through the real request path
 * (saved settings, the GraphQL client's fetch) against the schema-checked fake API.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/dashboard/Dashboard';
import { useFakeDashboardApi } from './dashboard-harness';
import { type FakeDashboardApi, HOSTILE_NOTE } from './fake-dashboard-api';

const TODAY = new Date('2026-11-23T10:00:00.000Z');
let api: FakeDashboardApi;
useFakeDashboardApi((created) => {
  api = created;
});

async function thisWeek(): Promise<HTMLElement> {
  render(<Dashboard today={TODAY} locale="en-US" />);
  const section = await screen.findByRole('region', { name: 'This week' });
  await waitFor(() => expect(within(section).queryByRole('status')).toBeNull());
  return section;
}

function cards(section: HTMLElement): HTMLElement[] {
  return within(within(section).getByRole('list', { name: 'Accounts that changed this week' }))
    .getAllByRole('listitem')
    .filter((item) => item.classList.contains('week-card'));
}

describe('this week', () => {
  it('comes first and asks for the last seven days with the risk history behind them', async () => {
    const section = await thisWeek();
    const headings = screen.getAllByRole('heading', { level: 2 }).map((heading) => heading.textContent);
    expect(headings[0]).toBe('This week');
    expect(api.variablesOf('DashboardThisWeek')).toEqual([
      {
        first: 20,
        after: null,
        filter: {},
        since: '2026-11-16T10:00:00.000Z',
        until: '2026-11-23T10:00:00.000Z',
        historyFrom: '2026-08-31T10:00:00.000Z',
      },
    ]);
    expect(cards(section)).toHaveLength(2);
  });

  it('shows each account with its band move, score, ARR, what changed and its risk sparkline', async () => {
    const [acme, globex] = cards(await thisWeek());
    expect(within(acme!).getByRole('button', { name: 'Acme Corp' })).toBeTruthy();
    expect(acme!.textContent).toContain('Strategic · Dana Rep');
    expect(acme!.textContent).toContain('$1,200,000 ARR');
    const from = within(acme!).getByText('Amber');
    const to = within(acme!).getByText('Red');
    expect(from.className).toBe('band band--amber');
    expect(to.className).toBe('band band--red');
    expect(acme!.textContent).toContain('Amber →to Red');
    expect(acme!.textContent).toContain('55 → 80/100');
    // The API's one-line summary repeats the card: it is the tooltip, the card counts the changes.
    const count = within(acme!).getByText('6 changes this week');
    expect(count.getAttribute('title')).toBe(
      'Acme Corp went from Amber to Red: the main contact left and a case was opened.',
    );
    const chips = within(acme!)
      .getAllByRole('listitem')
      .map((chip) => chip.textContent);
    expect(chips).toEqual([
      '+ Key person left',
      '+ Not a factor yet',
      '2 flags raised',
      '1 departure confirmed',
      '1 thread lost',
      '1 case opened',
    ]);
    // Yellow 30 at the start of the twelve weeks, Red 80 from halfway (x 60 of 120, 0 at the bottom).
    const spark = within(acme!).getByRole('img', { name: 'Risk over 12 weeks for Acme Corp' });
    expect(spark.getAttribute('class')).toBe('sparkline sparkline--red');
    expect(spark.querySelector('polyline')?.getAttribute('points')).toBe('0,19.6 60,19.6 60,5.6 120,5.6');

    expect(globex!.textContent).toContain('Key · Unassigned');
    expect(globex!.textContent).toContain('$450,000.50 ARR');
    expect(within(globex!).getByText('Green').className).toBe('band band--green');
    expect(
      within(globex!)
        .getAllByRole('listitem')
        .map((chip) => [chip.textContent, chip.className]),
    ).toEqual([
      ['− Single-threaded', 'tag tag--good'],
      ['1 case closed', 'tag tag--good'],
    ]);
    // No risk point known: an empty chart, not an invented line.
    const empty = within(globex!).getByRole('img', { name: 'Risk over 12 weeks for Globex' });
    expect(empty.querySelector('polyline')).toBeNull();
  });

  it("honours the dashboard's owner and tier filters", async () => {
    await thisWeek();
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'member-dana' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Strategic' }));
    await waitFor(() =>
      expect(api.variablesOf('DashboardThisWeek').at(-1)).toMatchObject({
        after: null,
        filter: { owners: ['member-dana'], tiers: ['STRATEGIC'] },
      }),
    );
  });

  it('says plainly when nothing changed this week', async () => {
    api.weekChanges = [];
    const section = await thisWeek();
    expect(within(section).getByText('Nothing changed at these accounts in the last seven days.')).toBeTruthy();
    expect(within(section).queryByRole('list')).toBeNull();
  });

  it('shows the API error in the section, and retries', async () => {
    api.graphqlErrorFor = { operationName: 'DashboardThisWeek', message: 'The change feed is resting.' };
    const section = await thisWeek();
    expect(within(section).getByRole('alert').textContent).toContain('The change feed is resting.');
    api.graphqlErrorFor = null;
    fireEvent.click(within(section).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(cards(section)).toHaveLength(2));
  });

  it('pages with the end cursor', async () => {
    api.pageSize = 1;
    const section = await thisWeek();
    expect(cards(section)).toHaveLength(1);
    fireEvent.click(within(section).getByRole('button', { name: 'Load more accounts' }));
    await waitFor(() => expect(cards(section)).toHaveLength(2));
    expect(api.variablesOf('DashboardThisWeek').at(-1)).toMatchObject({ after: 'cursor-1' });
    expect(within(section).queryByRole('button', { name: 'Load more accounts' })).toBeNull();
  });
});

describe('account drawer', () => {
  async function openAcme(): Promise<HTMLElement> {
    const section = await thisWeek();
    fireEvent.click(within(section).getByRole('button', { name: 'Acme Corp' }));
    const drawer = await screen.findByRole('dialog', { name: 'Acme Corp' });
    await within(drawer).findByRole('list', { name: 'Timeline of Acme Corp' });
    return drawer;
  }

  it('shows the timeline newest first, with notes as text only', async () => {
    const drawer = await openAcme();
    expect(api.variablesOf('DashboardAccountActivity')).toEqual([{ id: 'account-0', first: 30 }]);
    const entries = within(within(drawer).getByRole('list', { name: 'Timeline of Acme Corp' })).getAllByRole(
      'listitem',
    );
    expect(entries.map((entry) => entry.querySelector('time')?.getAttribute('datetime'))).toEqual([
      '2026-11-22T09:00:00.000Z',
      '2026-11-20T09:00:00.000Z',
    ]);
    expect(entries[0]!.textContent).toContain('Note by Chris CSM');
    expect(within(entries[0]!).getByText(HOSTILE_NOTE)).toBeTruthy();
    expect(drawer.querySelector('img, b, script')).toBeNull();
    expect(entries[1]!.textContent).toContain('A departure case was opened for Jane Doe.');
  });

  it('adds a note through addNote and shows it at the top of the timeline', async () => {
    const drawer = await openAcme();
    const field = within(drawer).getByLabelText('Add a note') as HTMLTextAreaElement;
    expect(field.maxLength).toBe(10_000);
    expect((within(drawer).getByRole('button', { name: 'Add note' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: '  Renewal call moved to <Friday>  ' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(field.value).toBe(''));
    expect(api.variablesOf('AddAccountNote')).toEqual([
      { input: { accountId: 'account-0', body: 'Renewal call moved to <Friday>' } },
    ]);
    await waitFor(() => {
      const first = within(drawer).getByRole('list', { name: 'Timeline of Acme Corp' }).querySelector('li');
      expect(first?.textContent).toContain('Renewal call moved to <Friday>');
    });
  });

  it("keeps the text and shows the API's typed error when the note is refused", async () => {
    api.addNoteError = { __typename: 'ForbiddenError', code: 'FORBIDDEN', message: 'This token is read-only.' };
    const drawer = await openAcme();
    const field = within(drawer).getByLabelText('Add a note') as HTMLTextAreaElement;
    fireEvent.change(field, { target: { value: 'Escalate to the CFO' } });
    fireEvent.click(within(drawer).getByRole('button', { name: 'Add note' }));
    const alert = await within(drawer).findByRole('alert');
    expect(alert.textContent).toContain('This token is read-only.');
    expect(field.value).toBe('Escalate to the CFO');
    expect(api.timelines['account-0']).toHaveLength(2);
  });

  it('closes with the Close button and with Escape', async () => {
    let drawer = await openAcme();
    fireEvent.click(within(drawer).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const section = screen.getByRole('region', { name: 'This week' });
    fireEvent.click(within(section).getByRole('button', { name: 'Acme Corp' }));
    drawer = await screen.findByRole('dialog', { name: 'Acme Corp' });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
