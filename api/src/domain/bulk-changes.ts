// Bulk changes (a settings change that re-scores every account, an import, a handover) send one
// summary, not one alert per account. While a bulk change runs, each account whose band moved or that
// opened coverage gaps is tallied here: organization-wide and per owner, mergeable batch by batch (a
// run keeps its tally with its committed progress), bounded in size (counts, and the largest accounts
// by ARR), so the summary of a change that moved 10,000 accounts is as small as one that moved ten.
import { BAND_RANK, type Band, formatMoney, listWords, SETTING_WORDS } from './changes.ts';

/** Accounts kept by ARR in each tally (organization-wide and per owner). */
export const BULK_TOP_ACCOUNTS = 10;

const BANDS: readonly Band[] = ['GREEN', 'YELLOW', 'AMBER', 'RED'];

/** One account's move during a bulk change, as it was when it moved. */
export interface AccountMove {
  accountId: string;
  name: string;
  ownerId: string | null;
  arrMinor: number;
  bandFrom: Band;
  bandTo: Band;
  score: number;
  /** Coverage gaps opened by this assessment. */
  gapsOpened: number;
}

export interface MoveTally {
  /** Accounts whose band moved or that opened coverage gaps. */
  accountsChanged: number;
  /** Accounts whose band moved. */
  accountsMoved: number;
  rose: number;
  fell: number;
  /** ARR of the accounts whose band rose, in minor units. */
  arrRoseMinor: number;
  /** Per band: accounts whose risk rose into it, and fell into it. */
  bands: Record<Band, { rose: number; fell: number }>;
  /** Accounts that opened coverage gaps, and the gaps opened. */
  accountsWithNewGaps: number;
  gapsOpened: number;
  /** The largest accounts (by ARR, then name) that moved or opened gaps, at most BULK_TOP_ACCOUNTS. */
  top: AccountMove[];
}

/** A bulk change's tally: organization-wide and per owner (key: the owner's id, accounts with none left out). */
export interface BulkTally {
  all: MoveTally;
  byOwner: Record<string, MoveTally>;
}

export function emptyTally(): MoveTally {
  return {
    accountsChanged: 0,
    accountsMoved: 0,
    rose: 0,
    fell: 0,
    arrRoseMinor: 0,
    bands: {
      GREEN: { rose: 0, fell: 0 },
      YELLOW: { rose: 0, fell: 0 },
      AMBER: { rose: 0, fell: 0 },
      RED: { rose: 0, fell: 0 },
    },
    accountsWithNewGaps: 0,
    gapsOpened: 0,
    top: [],
  };
}

export const emptyBulkTally = (): BulkTally => ({ all: emptyTally(), byOwner: {} });

const byArr = (a: AccountMove, b: AccountMove) =>
  b.arrMinor - a.arrMinor || a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId);

function keepTop(moves: AccountMove[]): AccountMove[] {
  return [...moves].sort(byArr).slice(0, BULK_TOP_ACCOUNTS);
}

/** Whether a move is worth a line: its band moved or it opened gaps. */
export const isNotable = (move: AccountMove) => move.bandFrom !== move.bandTo || move.gapsOpened > 0;

function addToTally(tally: MoveTally, move: AccountMove): MoveTally {
  const next: MoveTally = { ...tally, accountsChanged: tally.accountsChanged + 1, bands: { ...tally.bands } };
  const step = BAND_RANK[move.bandTo] - BAND_RANK[move.bandFrom];
  if (step !== 0) {
    next.accountsMoved += 1;
    const band = { ...next.bands[move.bandTo] };
    if (step > 0) {
      next.rose += 1;
      next.arrRoseMinor += move.arrMinor;
      band.rose += 1;
    } else {
      next.fell += 1;
      band.fell += 1;
    }
    next.bands[move.bandTo] = band;
  }
  if (move.gapsOpened > 0) {
    next.accountsWithNewGaps += 1;
    next.gapsOpened += move.gapsOpened;
  }
  next.top = keepTop([...tally.top, move]);
  return next;
}

/** Adds one account's move (ignored when neither its band moved nor gaps opened). */
export function tallyMove(tally: BulkTally, move: AccountMove): BulkTally {
  if (!isNotable(move)) return tally;
  const byOwner = { ...tally.byOwner };
  if (move.ownerId) byOwner[move.ownerId] = addToTally(byOwner[move.ownerId] ?? emptyTally(), move);
  return { all: addToTally(tally.all, move), byOwner };
}

function mergeTally(a: MoveTally, b: MoveTally): MoveTally {
  const bands = Object.fromEntries(
    BANDS.map((band) => [
      band,
      { rose: a.bands[band].rose + b.bands[band].rose, fell: a.bands[band].fell + b.bands[band].fell },
    ]),
  ) as MoveTally['bands'];
  return {
    accountsChanged: a.accountsChanged + b.accountsChanged,
    accountsMoved: a.accountsMoved + b.accountsMoved,
    rose: a.rose + b.rose,
    fell: a.fell + b.fell,
    arrRoseMinor: a.arrRoseMinor + b.arrRoseMinor,
    bands,
    accountsWithNewGaps: a.accountsWithNewGaps + b.accountsWithNewGaps,
    gapsOpened: a.gapsOpened + b.gapsOpened,
    top: keepTop([...a.top, ...b.top]),
  };
}

/** Two tallies of disjoint batches as one (an account moved in two batches counts twice). */
export function mergeBulkTallies(a: BulkTally, b: BulkTally): BulkTally {
  const byOwner = { ...a.byOwner };
  for (const [owner, tally] of Object.entries(b.byOwner)) {
    byOwner[owner] = byOwner[owner] ? mergeTally(byOwner[owner], tally) : tally;
  }
  return { all: mergeTally(a.all, b.all), byOwner };
}

/** A tally read back from a run's stored progress; anything unreadable is an empty tally. */
export function readBulkTally(value: unknown): BulkTally {
  if (!value || typeof value !== 'object') return emptyBulkTally();
  const stored = value as Partial<BulkTally>;
  if (!stored.all || typeof stored.all !== 'object' || !stored.byOwner || typeof stored.byOwner !== 'object') {
    return emptyBulkTally();
  }
  return { all: stored.all, byOwner: stored.byOwner };
}

/** Nothing to tell: no band moved and no gap opened. */
export const isQuiet = (tally: MoveTally) => tally.accountsChanged === 0;

// ---------------------------------------------------------------------------------------------
// What caused it, and the words for it

export type BulkCause =
  | { kind: 'SETTINGS_CHANGED'; keys: string[]; member: { id: string; name: string } | null }
  | { kind: 'RULES_CHANGED'; rulesVersion: number }
  | { kind: 'IMPORT'; fileName: string; importKind: string; member: { id: string; name: string } | null }
  | {
      kind: 'HANDOVER';
      from: { id: string; name: string } | null;
      to: { id: string; name: string } | null;
      member: { id: string; name: string } | null;
    };

const titleCase = (band: Band) => band.charAt(0) + band.slice(1).toLowerCase();

/** What caused the bulk change, as a short phrase (plain text: escape it for markup). */
export function causePhrase(cause: BulkCause): string {
  switch (cause.kind) {
    case 'SETTINGS_CHANGED': {
      const keys = cause.keys.map((key) => SETTING_WORDS[key] ?? key);
      return `Settings changed${keys.length ? ` (${listWords(keys)})` : ''}${cause.member ? ` by ${cause.member.name}` : ''}`;
    }
    case 'RULES_CHANGED':
      return 'A new version of the risk rules';
    case 'IMPORT':
      return `Import of ${cause.fileName}${cause.member ? ` by ${cause.member.name}` : ''}`;
    case 'HANDOVER':
      return `Handover from ${cause.from?.name ?? 'a former member'} to ${cause.to?.name ?? 'a member'}${
        cause.member ? ` by ${cause.member.name}` : ''
      }`;
  }
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** The summary's headline: what happened, how many rose and fell, and the ARR whose risk rose. */
export function bulkHeadline(cause: BulkCause, tally: MoveTally, currency: string): string {
  const parts = [
    `${causePhrase(cause)}: the risk band moved at ${plural(tally.accountsMoved, 'account')} (rose at ${tally.rose}, fell at ${tally.fell})`,
  ];
  if (tally.rose > 0) parts.push(`ARR whose risk rose: ${formatMoney(tally.arrRoseMinor, currency)}`);
  if (tally.accountsWithNewGaps > 0) {
    parts.push(`new coverage gaps at ${plural(tally.accountsWithNewGaps, 'account')}`);
  }
  return `${parts.join('; ')}.`;
}

/** Per band, how many rose and fell into it: `Red: 3 rose into it`; bands nobody entered are left out. */
export function bandLines(tally: MoveTally): string[] {
  return [...BANDS].reverse().flatMap((band) => {
    const { rose, fell } = tally.bands[band];
    if (rose === 0 && fell === 0) return [];
    const parts = [rose ? `${rose} rose into it` : '', fell ? `${fell} fell into it` : ''].filter(Boolean);
    return [`${titleCase(band)}: ${parts.join(', ')}`];
  });
}

/** One line per top account: `Acme (USD 400,000): yellow → amber, score 65; 2 new coverage gaps`. */
export function moveLine(move: AccountMove, currency: string): string {
  const parts: string[] = [];
  if (move.bandFrom !== move.bandTo) {
    parts.push(`${move.bandFrom.toLowerCase()} → ${move.bandTo.toLowerCase()}, score ${move.score}`);
  }
  if (move.gapsOpened > 0) parts.push(plural(move.gapsOpened, 'new coverage gap'));
  return `${move.name} (${formatMoney(move.arrMinor, currency)}): ${parts.join('; ')}`;
}
