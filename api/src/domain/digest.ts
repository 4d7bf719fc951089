// The weekly digest without I/O: which week a date belongs to on the clock of a time zone, when the
// schedule makes a week's digest due, the headline counts of a week's per-account summaries, and the
// digest as plain text.
//
// Rules:
// - A digest week runs from Monday 00:00 to the next Monday 00:00 on the schedule's clock (so a
//   week may be 167 or 169 hours long across a daylight-saving change).
// - The schedule (day of week, hour, time zone) says when the digest of the last complete week goes
//   out: at that moment of each week, the week before the current one is due. Before it, nothing is.
// - Headline: accounts whose band rose / fell (first band of the week against the last), cases
//   opened / closed, flags raised, threads lost, and the ARR of the accounts whose band rose into
//   amber or red. Of the rises and falls, those a change of settings or risk rules made alone (the
//   account's own changes did not move its band that way) are counted apart: a settings change that
//   re-scores every account is not a week of risk.
import { type AccountSummary, BAND_RANK, formatMoney } from './changes.ts';
import { type DigestSchedule, weekdays } from './settings.ts';

const DAY_MS = 86_400_000;

interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock of the time zone at an instant. */
export function localTime(at: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const weekday = (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
  return { year, month, day, hour: Number(parts.hour), minute: Number(parts.minute), weekday };
}

/** How far the zone's clock is ahead of UTC at an instant, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const local = localTime(at, timeZone);
  const seconds = at.getUTCSeconds() * 1000 + at.getUTCMilliseconds();
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute) + seconds - at.getTime();
}

/** The instant the zone's clock shows the given calendar day and hour (the later reading in a gap). */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour);
  let guess = wall - offsetAt(new Date(wall), timeZone);
  guess = wall - offsetAt(new Date(guess), timeZone);
  return new Date(guess);
}

/** A calendar day moved by some days: [year, month, day]. */
function addDays(year: number, month: number, day: number, days: number): [number, number, number] {
  const date = new Date(Date.UTC(year, month - 1, day + days));
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

export interface DigestWeek {
  /** Monday 00:00 on the zone's clock. */
  start: Date;
  /** The next Monday 00:00 (exclusive). */
  end: Date;
  /** The Monday and the Sunday, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
}

const isoDay = ([year, month, day]: [number, number, number]) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** The digest week of a calendar day (a `Date` at 00:00 UTC of that day, as the Date scalar gives it). */
export function weekOfDay(day: Date, timeZone: string): DigestWeek {
  const weekday = (day.getUTCDay() + 6) % 7;
  const monday = addDays(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), -weekday);
  const nextMonday = addDays(...monday, 7);
  return {
    start: zonedInstant(...monday, 0, timeZone),
    end: zonedInstant(...nextMonday, 0, timeZone),
    firstDay: isoDay(monday),
    lastDay: isoDay(addDays(...monday, 6)),
  };
}

/** The digest week an instant falls in, on the zone's clock. */
export function weekAt(at: Date, timeZone: string): DigestWeek {
  const local = localTime(at, timeZone);
  return weekOfDay(new Date(Date.UTC(local.year, local.month - 1, local.day)), timeZone);
}

/**
 * The week whose digest is due at `now`: the week before the current one once this week's scheduled
 * moment has passed, else null.
 */
export function dueWeek(now: Date, schedule: DigestSchedule): DigestWeek | null {
  const current = weekAt(now, schedule.timeZone);
  const [year, month, day] = current.firstDay.split('-').map(Number) as [number, number, number];
  const sendDay = addDays(year, month, day, weekdays.indexOf(schedule.dayOfWeek));
  const sendAt = zonedInstant(...sendDay, schedule.hour, schedule.timeZone);
  if (now.getTime() < sendAt.getTime()) return null;
  return weekOfDay(new Date(Date.UTC(year, month - 1, day) - 7 * DAY_MS), schedule.timeZone);
}

// ---------------------------------------------------------------------------------------------
// Headline and text

export interface DigestLine {
  name: string;
  arrMinor: number;
  summary: Pick<
    AccountSummary,
    'bandFrom' | 'bandTo' | 'casesOpened' | 'casesClosed' | 'flagsRaised' | 'threadsLost' | 'bandStepsBySettings'
  >;
  /** The account's one-line summary (accountSummarySentence). */
  sentence: string;
}

export interface DigestHeadline {
  accountsChanged: number;
  bandsRose: number;
  bandsFell: number;
  /** Of bandsRose and bandsFell, the accounts a change of settings or risk rules alone moved that way. */
  bandsRoseBySettings: number;
  bandsFellBySettings: number;
  casesOpened: number;
  casesClosed: number;
  flagsRaised: number;
  threadsLost: number;
  /** ARR of the accounts whose band rose into amber or red, in minor units. */
  arrTurnedAmberOrRedMinor: number;
}

/** The week's counts over its per-account summaries. */
export function digestHeadline(lines: readonly DigestLine[]): DigestHeadline {
  const headline: DigestHeadline = {
    accountsChanged: lines.length,
    bandsRose: 0,
    bandsFell: 0,
    bandsRoseBySettings: 0,
    bandsFellBySettings: 0,
    casesOpened: 0,
    casesClosed: 0,
    flagsRaised: 0,
    threadsLost: 0,
    arrTurnedAmberOrRedMinor: 0,
  };
  for (const { summary, arrMinor } of lines) {
    const move = summary.bandFrom && summary.bandTo ? BAND_RANK[summary.bandTo] - BAND_RANK[summary.bandFrom] : 0;
    // What the account's own changes moved: the week's move less the moves settings changes made.
    const ownMove = move - summary.bandStepsBySettings;
    if (move > 0) headline.bandsRose += 1;
    if (move < 0) headline.bandsFell += 1;
    if (move > 0 && ownMove <= 0) headline.bandsRoseBySettings += 1;
    if (move < 0 && ownMove >= 0) headline.bandsFellBySettings += 1;
    if (move > 0 && summary.bandTo && BAND_RANK[summary.bandTo] >= BAND_RANK.AMBER) {
      headline.arrTurnedAmberOrRedMinor += arrMinor;
    }
    headline.casesOpened += summary.casesOpened;
    headline.casesClosed += summary.casesClosed;
    headline.flagsRaised += summary.flagsRaised;
    headline.threadsLost += summary.threadsLost;
  }
  return headline;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/** `; a change of settings or risk rules alone raised it at 30 and lowered it at 0`, or nothing when none did. */
export function bySettingsText(headline: Pick<DigestHeadline, 'bandsRoseBySettings' | 'bandsFellBySettings'>): string {
  // A digest stored before these counts existed has neither: it says nothing of them.
  const rose = headline.bandsRoseBySettings ?? 0;
  const fell = headline.bandsFellBySettings ?? 0;
  if (rose === 0 && fell === 0) return '';
  return `; a change of settings or risk rules alone raised it at ${rose} and lowered it at ${fell}`;
}

/** The headline in three plain sentences. */
export function headlineText(headline: DigestHeadline, currency: string): string {
  return [
    `${plural(headline.accountsChanged, 'account')} changed: risk rose at ${headline.bandsRose}, fell at ${headline.bandsFell}${bySettingsText(headline)}.`,
    `Cases opened ${headline.casesOpened}, closed ${headline.casesClosed}; flags raised ${headline.flagsRaised}; threads lost ${headline.threadsLost}.`,
    `ARR that went amber or red: ${formatMoney(headline.arrTurnedAmberOrRedMinor, currency)}.`,
  ].join('\n');
}

export interface DigestText {
  /** Whose digest: a member's name, or null for the organization-wide one. */
  ownerName: string | null;
  organizationName: string;
  week: Pick<DigestWeek, 'firstDay' | 'lastDay'>;
  timeZone: string;
  currency: string;
  headline: DigestHeadline;
  lines: readonly DigestLine[];
}

/** The digest's first line: whose it is and which week. */
export function digestTitle(digest: Omit<DigestText, 'headline' | 'lines' | 'currency'>): string {
  const whose = digest.ownerName ? `${digest.ownerName}'s accounts` : `all accounts of ${digest.organizationName}`;
  return `Weekly digest for ${whose}, ${digest.week.firstDay} to ${digest.week.lastDay} (${digest.timeZone})`;
}

/** The most accounts a digest's text (and its webhook payload) lists; the headline counts them all. */
export const MAX_DIGEST_LINES = 100;

/** The whole digest as plain text: title, headline, then one line per account, most important first. */
export function renderDigest(digest: DigestText): string {
  const shown = digest.lines.slice(0, MAX_DIGEST_LINES).map((line) => `- ${line.sentence}`);
  const more = digest.lines.length - shown.length;
  if (more > 0) shown.push(`…and ${plural(more, 'more account')}.`);
  const lines = shown.length ? shown : ['No changes this week.'];
  return [digestTitle(digest), '', headlineText(digest.headline, digest.currency), '', ...lines].join('\n');
}
