/**
 * Why the open-case count and the at-risk account count differ: the cases list has one line per
 * case, and an account has one case per key person who left, so "8 open cases" can be 7 accounts.
 * The note names the accounts with more than one case, once every case is on screen.
 */
export interface CaseForCount {
  account: { id: string; name: string };
}

export function caseCountNote(cases: readonly CaseForCount[], totalCount: number, complete: boolean): string | null {
  if (cases.length === 0) return null;
  const byAccount = new Map<string, { name: string; count: number }>();
  for (const item of cases) {
    const seen = byAccount.get(item.account.id);
    byAccount.set(item.account.id, { name: item.account.name, count: (seen?.count ?? 0) + 1 });
  }
  const several = [...byAccount.values()].filter((entry) => entry.count > 1);
  const caseWord = (count: number) => (count === 1 ? 'case' : 'cases');
  if (!complete) {
    return `${totalCount} open ${caseWord(totalCount)}, one per key person who left: an account can have several, so this can be more than the accounts at risk.`;
  }
  const accounts = byAccount.size;
  const head = `${totalCount} open ${caseWord(totalCount)} on ${accounts} ${accounts === 1 ? 'account' : 'accounts'}`;
  if (several.length === 0) return `${head}: one per account.`;
  const named = several.map((entry) => `${entry.name} has ${entry.count}`).join(', ');
  return `${head}, one case per key person who left (${named}).`;
}
