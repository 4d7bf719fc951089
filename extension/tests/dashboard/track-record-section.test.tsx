/**
 * The track record section through the real request path (fake browser settings, the GraphQL
 * client, MSW answering from the committed schema).
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Dashboard } from '@/dashboard/Dashboard';
import { useFakeDashboardApi } from './dashboard-harness';
import type { FakeDashboardApi } from './fake-dashboard-api';

const TODAY = new Date('2026-11-23T10:00:00.000Z');
let api: FakeDashboardApi;
useFakeDashboardApi((created) => {
  api = created;
});

async function trackRecord(): Promise<HTMLElement> {
  render(<Dashboard today={TODAY} locale="en-US" />);
  const section = await screen.findByRole('region', { name: 'Track record' });
  await within(section).findByRole('img', { name: /^Churn rate per risk band/ });
  return section;
}

describe('track record', () => {
  it('shows the sample, the AUC, churn per band as bars with counts, and lift per factor', async () => {
    const section = await trackRecord();
    expect(api.variablesOf('DashboardRiskEvaluation')).toEqual([
      { from: '2024-11-24', to: '2026-11-23', horizonDays: 90, weights: null },
    ]);
    const figures = within(section).getByLabelText('Track record figures');
    expect(figures.textContent).toContain('Accounts judged40');
    expect(section.textContent).toContain('0.74 (good)');
    const chart = within(section).getByRole('img', { name: /^Churn rate per risk band/ });
    expect(chart.getAttribute('aria-label')).toContain('Red 3 of 4 churned');
    expect(chart.querySelectorAll('.calibration__bar--recorded rect')).toHaveLength(4);
    expect(chart.querySelectorAll('.calibration__bar--candidate rect')).toHaveLength(0);
    expect(chart.textContent).toContain('75 %');
    expect(chart.textContent).toContain('20 accounts · 2 churned');
    const lifts = within(section).getByRole('table', { name: 'Churn with and without each factor' });
    const rows = within(lifts).getAllByRole('row').slice(1);
    // A factor no account had is left out of the table.
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Key person left',
      'Stale threads',
    ]);
    expect(rows[0]!.textContent).toContain('6 of 8 (75 %)');
    expect(rows[0]!.textContent).toContain('× 3.2');
    expect(section.textContent).toContain('2 accounts have an outcome but no risk score from before it');
  });

  it('re-runs with edited weights and shows the what-if beside the recorded score', async () => {
    const section = await trackRecord();
    fireEvent.change(within(section).getByLabelText('Stale threads'), { target: { value: '0' } });
    fireEvent.change(within(section).getByLabelText('Usage dropped'), { target: { value: '25' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Re-run with these weights' }));
    await waitFor(() => expect(section.textContent).toContain('0.81 (strong)'));
    expect(api.variablesOf('DashboardRiskEvaluation').at(-1)).toEqual({
      from: '2024-11-24',
      to: '2026-11-23',
      horizonDays: 90,
      weights: [
        { factor: 'staleThreads', maxPoints: 0 },
        { factor: 'usageDrop', maxPoints: 25 },
      ],
    });
    expect(section.textContent).toContain('+0.07');
    const chart = within(section).getByRole('img', { name: /^Churn rate per risk band/ });
    expect(chart.querySelectorAll('.calibration__bar--candidate rect')).toHaveLength(4);
    expect(chart.textContent).toContain('Recorded: 4 · 3 churned');
    expect(chart.textContent).toContain('What-if: 5 · 5 churned');
    // The typed weights stay while the evaluation reloads.
    expect((within(section).getByLabelText('Usage dropped') as HTMLInputElement).value).toBe('25');

    fireEvent.click(within(section).getByRole('button', { name: 'Back to the current weights' }));
    await waitFor(() => expect(section.textContent).not.toContain('0.81'));
    expect((within(section).getByLabelText('Usage dropped') as HTMLInputElement).value).toBe('10');
  });

  it('refuses a weight that is not 0–100 without asking the API', async () => {
    const section = await trackRecord();
    fireEvent.change(within(section).getByLabelText('Stale threads'), { target: { value: '250' } });
    fireEvent.click(within(section).getByRole('button', { name: 'Re-run with these weights' }));
    expect(within(section).getByRole('alert').textContent).toContain('Stale threads');
    expect(api.variablesOf('DashboardRiskEvaluation')).toHaveLength(1);
  });

  it('reads the score at another horizon', async () => {
    const section = await trackRecord();
    fireEvent.change(within(section).getByLabelText('Score read'), { target: { value: '180' } });
    await waitFor(() => expect(api.variablesOf('DashboardRiskEvaluation').at(-1)?.horizonDays).toBe(180));
  });
});
