/**
 * The dashboard page through its real request path: saved settings in WXT's fake browser, the
 * host permission, the GraphQL client's fetch, and MSW answering with schema-checked data.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/dashboard/Dashboard';
import { apiUrl } from '@/utils/storage';
import { useFakeDashboardApi } from './dashboard-harness';
import { EMPTY_REPORT, type FakeDashboardApi, MEMBERS } from './fake-dashboard-api';

const TODAY = new Date('2026-11-23T10:00:00.000Z');
let api: FakeDashboardApi;
useFakeDashboardApi((created) => {
  api = created;
});

function renderDashboard() {
  return render(<Dashboard today={TODAY} locale="en-US" />);
}

function section(name: string): HTMLElement {
  return screen.getByRole('region', { name });
}

async function loaded(): Promise<void> {
  await screen.findByRole('form', { name: 'Filters' });
  await waitFor(() =>
    expect(screen.queryAllByRole('status').filter((el) => /Loading/.test(el.textContent ?? ''))).toEqual([]),
  );
}

describe('dashboard sections', () => {
  it('frames the page with the organization and its currency', async () => {
    renderDashboard();
    await loaded();
    expect(screen.getByText(/Acme Software · signed in as Chris CSM · amounts in USD/)).toBeTruthy();
    const owner = screen.getByLabelText('Owner') as HTMLSelectElement;
    expect([...owner.options].map((option) => option.text)).toEqual(['All owners', ...MEMBERS.map((m) => m.name)]);
  });

  it('lists coverage gaps by account with their messages and ARR in the organization currency', async () => {
    renderDashboard();
    await loaded();
    const gaps = section('Coverage gaps');
    const rows = within(gaps).getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual(['Acme Corp', 'Globex']);
    const acme = rows[0]!;
    expect(within(acme).getByText('$1,200,000')).toBeTruthy();
    // One line per account with the kinds counted; the sentences behind it, each said once.
    expect(within(acme).getByText('1 unfilled role · Single-threaded')).toBeTruthy();
    expect(acme.textContent).toContain('Champion: No champion with a live thread.');
    expect(acme.textContent).toContain('Only one live thread.');
    expect(acme.textContent).not.toContain('Single-threaded: ');
    // 45,000,050 cents keep their cents.
    expect(within(rows[1]!).getByText('$450,000.50')).toBeTruthy();
    expect(rows[1]!.textContent).toContain('Finance: Nobody in Finance has a live thread.');
    expect(within(gaps).getByText('Showing 2 of 3 accounts with gaps')).toBeTruthy();
  });

  it('shows at-risk accounts with every factor, their zone and its reasons', async () => {
    renderDashboard();
    await loaded();
    const atRisk = section('At-risk accounts');
    const [acme, hooli] = within(atRisk).getAllByRole('row').slice(1);
    expect(acme!.textContent).toContain('Red 80/100');
    expect(acme!.textContent).toContain('+45 The main contact left the company.');
    expect(acme!.textContent).toContain('+35 Only one live thread remains.');
    expect(within(acme!).getByText('Red Zone')).toBeTruthy();
    expect(within(within(acme!).getByRole('list', { name: 'Why Red Zone' })).getAllByRole('listitem')).toHaveLength(2);
    expect(within(hooli!).getByText('Dead Zone')).toBeTruthy();
    expect(hooli!.textContent).toContain('Low value beyond ARR');
  });

  it('shows open departure cases with plan progress, time at risk, cause and stakeholder', async () => {
    renderDashboard();
    await loaded();
    const cases = section('Open departure cases');
    const progress = within(cases).getByRole('progressbar', { name: 'Acme Corp: plan 40 % complete' });
    expect(progress.getAttribute('value')).toBe('0.4');
    const [acme, hooli] = within(cases).getAllByRole('row').slice(1);
    expect(acme!.textContent).toContain('Jane Doe · VP Finance');
    expect(acme!.textContent).toContain('Main contact left');
    // The API's own day count, shown as given.
    expect(acme!.textContent).toContain('12 days · left 2026-11-11');
    expect(acme!.textContent).toContain('$1,200,000');
    expect(acme!.textContent).toContain('High risk of churn · set by the owner: Budget frozen until Q2');
    expect(acme!.textContent).toContain('Reach the champion · due 2026-11-13 · overdue (2 steps overdue)');
    expect(hooli!.textContent).toContain('Likely saved');
    expect(hooli!.textContent).toContain('Every step done');
    expect(hooli!.textContent).toContain('Our own account manager');
    expect(hooli!.textContent).toContain('1 day');
    expect(api.variablesOf('DashboardDepartureCases')).toEqual([{ first: 20, after: null, filter: { open: true } }]);
    // Why this count and the at-risk accounts' can differ.
    expect(within(cases).getByText('2 open cases on 2 accounts: one per account.')).toBeTruthy();
    expect(section('At-risk accounts').textContent).toContain(
      'an account with two open departure cases is one line here and two under Open departure cases',
    );
  });

  it('shows the turnover report of the last 90 days with its summary, chart and figures by cause', async () => {
    renderDashboard();
    await loaded();
    expect(api.variablesOf('DashboardTurnoverReport')).toEqual([
      { from: '2026-08-26T00:00:00.000Z', to: '2026-11-23T23:59:59.999Z' },
    ]);
    const report = section('Turnover report');
    expect(within(report).getByText(/Two accounts are at risk after departures/)).toBeTruthy();
    expect(within(report).getByText('50 %')).toBeTruthy();
    // The outlook split of the $1,220,000 at risk: likely saved + undecided + high risk.
    const split = within(report).getByLabelText('Outlook of the ARR at risk');
    expect(split.textContent).toBe(
      'ARR at risk$1,220,000Likely saved$488,000Undecided$488,000High risk of churn$244,000Save rate50 %',
    );
    expect(within(report).getByRole('figure')).toBeTruthy();
    const table = within(report).getByRole('table');
    const [mainContact, ourRep, total] = within(table).getAllByRole('row').slice(1);
    expect(mainContact!.textContent).toMatch(/^Main contact left1\$1,200,0001 · \$300,0000 · \$0/);
    expect(ourRep!.textContent).toContain('Our account manager left');
    expect(total!.textContent).toMatch(/^All causes1\$1,220,000/);
    // The average time at risk as the API gives it (one decimal), not rounded again.
    expect(total!.textContent).toContain('6.5 days');
  });

  it('asks for another period when the user picks one', async () => {
    renderDashboard();
    await loaded();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-03-31' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    await waitFor(() =>
      expect(api.variablesOf('DashboardTurnoverReport').at(-1)).toEqual({
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-03-31T23:59:59.999Z',
      }),
    );
  });

  it('refuses a period that ends before it starts, without asking the API', async () => {
    renderDashboard();
    await loaded();
    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-05-01' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-04-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(await screen.findByText('The period must start before it ends.')).toBeTruthy();
    expect(api.variablesOf('DashboardTurnoverReport')).toHaveLength(1);
  });

  it('says plainly that a period is empty, with no invented save rate', async () => {
    api.turnoverReport = EMPTY_REPORT;
    renderDashboard();
    await loaded();
    const report = section('Turnover report');
    expect(within(report).getByText('No departure case was saved, lost or open in this period.')).toBeTruthy();
    expect(within(report).getByText(/nothing to report/)).toBeTruthy();
    expect(within(report).queryByText(/%/)).toBeNull();
    expect(within(report).queryByRole('table')).toBeNull();
  });

  it('says so when a list is empty', async () => {
    api.gapAccounts = [];
    api.openCases = [];
    renderDashboard();
    await loaded();
    expect(within(section('Coverage gaps')).getByText(/No coverage gaps/)).toBeTruthy();
    expect(within(section('Open departure cases')).getByText('No open departure cases.')).toBeTruthy();
  });
});

describe('filters', () => {
  it('sends the chosen owner and tiers with each list request', async () => {
    renderDashboard();
    await loaded();
    expect(api.variablesOf('DashboardCoverageGaps')).toEqual([{ first: 20, after: null, filter: {} }]);
    expect(api.variablesOf('DashboardAtRiskAccounts')).toEqual([
      { first: 20, after: null, filter: {}, orderBy: 'RISK' },
    ]);

    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'member-dana' } });
    await loaded();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Strategic' }));
    await loaded();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Key' }));
    await loaded();

    expect(api.variablesOf('DashboardCoverageGaps').at(-1)).toEqual({
      first: 20,
      after: null,
      filter: { ownerId: 'member-dana', tiers: ['STRATEGIC', 'KEY'] },
    });
    expect(api.variablesOf('DashboardAtRiskAccounts').at(-1)).toEqual({
      first: 20,
      after: null,
      filter: { ownerId: 'member-dana', tiers: ['STRATEGIC', 'KEY'] },
      orderBy: 'RISK',
    });
    // The report honours the owner too.
    expect(api.variablesOf('DashboardTurnoverReport').at(-1)).toMatchObject({ ownerId: 'member-dana' });
    // The API has no tier filter for cases: only the owner reaches them.
    expect(api.variablesOf('DashboardDepartureCases').at(-1)).toEqual({
      first: 20,
      after: null,
      filter: { open: true, ownerId: 'member-dana' },
    });
  });

  it("opens an account's relationship map from the at-risk list, through the company lookup", async () => {
    renderDashboard();
    await loaded();
    const atRisk = section('At-risk accounts');
    fireEvent.click(within(atRisk).getByRole('button', { name: 'Acme Corp' }));
    const panel = await screen.findByRole('complementary', { name: 'Account: Acme Corp' });
    const map = await within(panel).findByRole('img', { name: /^Relationship map/ });
    expect(map.getAttribute('aria-label')).toBe('Relationship map: 3 stakeholders, 2 threads, 1 missing roles');
    expect(map.querySelectorAll('.node.stakeholder')).toHaveLength(3);
    // The champion who left is on the map, marked, with the thread that no longer counts.
    expect([...map.querySelectorAll('.node.departed title')].map((title) => title.textContent)).toEqual([
      'Lee Gone (Champion), left the company',
    ]);
    expect(map.querySelectorAll('.thread.departed')).toHaveLength(1);
    expect(map.querySelectorAll('.thread.live')).toHaveLength(1);
    expect(map.querySelectorAll('.node.member')).toHaveLength(1);
    expect(map.querySelector('.node.missing-role title')?.textContent).toBe('Missing: Champion');
    expect(panel.textContent).toContain(
      '3 stakeholders. At the last health check: coverage 50%, 1 live thread; the map',
    );
    expect(api.variablesOf('CompanyLookup')).toEqual([{ url: 'linkedin.com/company/acme-corp' }]);
    fireEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('complementary', { name: 'Account: Acme Corp' })).toBeNull();
  });

  it('opens the account view from coverage gaps too, and says so when there is no company page to look up', async () => {
    renderDashboard();
    await loaded();
    fireEvent.click(within(section('Coverage gaps')).getByRole('button', { name: 'Globex' }));
    const globex = await screen.findByRole('complementary', { name: 'Account: Globex' });
    expect(await within(globex).findByText('The API finds no account at this company page any more.')).toBeTruthy();
    expect(api.variablesOf('CompanyLookup')).toEqual([{ url: 'linkedin.com/company/globex' }]);
    fireEvent.click(within(section('At-risk accounts')).getByRole('button', { name: 'Hooli' }));
    const hooli = await screen.findByRole('complementary', { name: 'Account: Hooli' });
    expect(
      within(hooli).getByText('No company page is recorded for this account, so there is no map to draw.'),
    ).toBeTruthy();
    // One panel at a time, and no lookup without an address.
    expect(screen.queryByRole('complementary', { name: 'Account: Globex' })).toBeNull();
    expect(api.variablesOf('CompanyLookup')).toHaveLength(1);
  });

  it('sorts and narrows at-risk accounts by zone', async () => {
    renderDashboard();
    await loaded();
    fireEvent.change(screen.getByLabelText('Sort by'), { target: { value: 'ARR_AT_RISK' } });
    fireEvent.change(screen.getByLabelText('Zone'), { target: { value: 'RED_ZONE' } });
    await loaded();
    expect(api.variablesOf('DashboardAtRiskAccounts').at(-1)).toEqual({
      first: 20,
      after: null,
      filter: { zones: ['RED_ZONE'] },
      orderBy: 'ARR_AT_RISK',
    });
  });
});

describe('pagination', () => {
  it('loads the next page after the end cursor and appends it', async () => {
    renderDashboard();
    await loaded();
    const gaps = section('Coverage gaps');
    fireEvent.click(within(gaps).getByRole('button', { name: 'Load more accounts with gaps' }));
    await within(gaps).findByText('Initech');
    expect(api.variablesOf('DashboardCoverageGaps').at(-1)).toEqual({ first: 20, after: 'cursor-2', filter: {} });
    expect(
      within(gaps)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Acme Corp', 'Globex', 'Initech']);
    expect(within(gaps).getByText('Showing 3 of 3 accounts with gaps')).toBeTruthy();
    expect(within(gaps).queryByRole('button', { name: /Load more/ })).toBeNull();
  });

  it('starts over from the first page when a filter changes', async () => {
    renderDashboard();
    await loaded();
    const gaps = section('Coverage gaps');
    fireEvent.click(within(gaps).getByRole('button', { name: 'Load more accounts with gaps' }));
    await within(gaps).findByText('Initech');
    fireEvent.change(screen.getByLabelText('Owner'), { target: { value: 'member-chris' } });
    await loaded();
    expect(api.variablesOf('DashboardCoverageGaps').at(-1)).toEqual({
      first: 20,
      after: null,
      filter: { ownerId: 'member-chris' },
    });
    expect(within(section('Coverage gaps')).queryByText('Initech')).toBeNull();
  });
});

describe('error states', () => {
  it('says it is not connected when no settings are saved, without calling the API', async () => {
    await apiUrl.setValue(null);
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Not connected');
    expect(alert.textContent).toContain('Set the API URL and token in the Threadwatch popup.');
    expect(api.received).toEqual([]);
  });

  it('says the token was rejected on a 401', async () => {
    api.token = 'tw_another_token';
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Token rejected');
    expect(alert.textContent).toContain('Invalid or revoked API token.');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  it('says the token expired, on which day and what to do, unlike a rejected token', async () => {
    api.tokenExpiredAt = '2026-11-30T12:00:00.000Z';
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Token expired');
    expect(alert.textContent).toContain('Your token expired on 30 November 2026 — create a new one');
    expect(alert.textContent).toContain("save it in the Threadwatch popup's settings");
    expect(alert.textContent).not.toContain('Token rejected');
    expect(alert.textContent).not.toContain('unreachable');
    expect(within(alert).queryByRole('button')).toBeNull();
  });

  it('says the API is unreachable on a network error, and retries on request', async () => {
    api.outage = true;
    renderDashboard();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('API unreachable');
    expect(alert.textContent).toContain('Cannot reach the Threadwatch API at https://threadwatch.test');
    api.outage = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await loaded();
    expect(section('Coverage gaps')).toBeTruthy();
  });

  it('shows a GraphQL error with its message in the section that failed', async () => {
    api.graphqlErrorFor = { operationName: 'DashboardAtRiskAccounts', message: 'Risk scores are being recomputed.' };
    renderDashboard();
    await loaded();
    const alert = within(section('At-risk accounts')).getByRole('alert');
    expect(alert.textContent).toContain('The API returned an error');
    expect(alert.textContent).toContain('Risk scores are being recomputed.');
    // The other sections still show their data.
    expect(within(section('Coverage gaps')).getByText('Acme Corp')).toBeTruthy();
  });

  it("shows the turnover report's typed error", async () => {
    api.turnoverReport = {
      __typename: 'ValidationError',
      code: 'VALIDATION',
      message: 'The period may not exceed two years.',
      issues: [{ path: ['to'], message: 'too long' }],
    };
    renderDashboard();
    await loaded();
    const alert = within(section('Turnover report')).getByRole('alert');
    expect(alert.textContent).toContain('The period may not exceed two years.');
  });
});
