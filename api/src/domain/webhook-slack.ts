// Slack incoming-webhook messages: one mrkdwn sentence per event, with the lists some events carry.
// Names come from web pages, so every interpolated text is escaped.
import { bySettingsText } from './digest.ts';
import {
  type AccountRef,
  eventName,
  type PersonRef,
  type StoredEvent,
  type WebhookEventData,
} from './webhook-payloads.ts';

/** Slack's mrkdwn treats &, < and > as markup; names come from web pages and must not inject links or mentions. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const words = (value: string) => value.toLowerCase().replace(/_/g, ' ');
const person = (ref: PersonRef | null) => (ref ? `*${slackEscape(ref.name)}*` : 'An erased person');
const account = (ref: AccountRef) => `*${slackEscape(ref.name)}*`;

function money(minor: number): string {
  return (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: 0 });
}

/** One sentence saying what happened, in Slack mrkdwn. */
export function eventSentence(event: WebhookEventData): string {
  switch (event.type) {
    case 'FLAG_CREATED':
      return `${person(event.data.stakeholder)} at ${account(event.data.account)} was flagged: ${words(event.data.flag.kind)}.`;
    case 'FLAG_CONFIRMED':
      return `Confirmed: ${person(event.data.stakeholder)} at ${account(event.data.account)}, ${words(event.data.flag.kind)}.`;
    case 'DEPARTURE_CASE_OPENED':
      return `Departure case opened at ${account(event.data.account)} (${words(event.data.departureCase.cause)}${
        event.data.stakeholder ? `: ${person(event.data.stakeholder)}` : ''
      }). ARR at risk: ${money(event.data.departureCase.arrAtRiskMinor)}.`;
    case 'DEPARTURE_CASE_CLOSED':
      return `Departure case at ${account(event.data.account)} closed: ${words(event.data.departureCase.outcome ?? 'closed')}.`;
    case 'RISK_BAND_CHANGED':
      return `Turnover risk at ${account(event.data.account)} went from ${words(event.data.previousBand)} to ${words(
        event.data.band,
      )} (score ${event.data.score}).`;
    case 'COVERAGE_GAP_OPENED':
      return `New coverage ${event.data.openedGaps.length === 1 ? 'gap' : 'gaps'} at ${account(event.data.account)} (coverage ${
        event.data.coveragePercent
      }%).`;
    case 'WEBHOOK_ENDPOINT_PAUSED':
      return `Webhook endpoint ${
        event.data.endpoint.description ? `*${slackEscape(event.data.endpoint.description)}* ` : ''
      }paused after ${event.data.consecutiveFailures} failed attempts in a row (${slackEscape(
        event.data.reason,
      )}): it gets one probe every while until one is delivered, or resume it.`;
    case 'WEEKLY_DIGEST':
      return `Weekly digest for ${
        event.data.owner ? `*${slackEscape(event.data.owner.name)}*` : 'the whole organization'
      }, ${event.data.week.firstDay} to ${event.data.week.lastDay}: ${event.data.headline.accountsChanged} ${
        event.data.headline.accountsChanged === 1 ? 'account' : 'accounts'
      } changed, risk rose at ${event.data.headline.bandsRose}, fell at ${event.data.headline.bandsFell}${bySettingsText(
        event.data.headline,
      )}; ${slackEscape(
        event.data.currency,
      )} ${money(event.data.headline.arrTurnedAmberOrRedMinor)} went amber or red.`;
    case 'RISK_BANDS_CHANGED':
      return `${event.data.owner ? `For *${slackEscape(event.data.owner.name)}*: ` : ''}${slackEscape(event.data.headline)}`;
  }
}

/** A Slack incoming-webhook message: `text` for notifications, `blocks` for the channel. */
export function slackMessage(event: StoredEvent): { text: string; blocks: Array<Record<string, unknown>> } {
  const sentence = eventSentence(event);
  const blocks: Array<Record<string, unknown>> = [{ type: 'section', text: { type: 'mrkdwn', text: sentence } }];
  if (event.type === 'COVERAGE_GAP_OPENED') {
    const lines = event.data.openedGaps.slice(0, 10).map((gap) => `• ${slackEscape(gap.message)}`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (event.type === 'WEEKLY_DIGEST') {
    const lines = event.data.accounts.slice(0, 20).map((line) => `• ${slackEscape(line.sentence)}`);
    const more = event.data.accounts.length - lines.length;
    if (more > 0) lines.push(`…and ${more} more`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  if (event.type === 'RISK_BANDS_CHANGED') {
    const lines = [
      ...event.data.bandLines.map((line) => slackEscape(line)),
      ...event.data.lines.map((line) => `• ${slackEscape(line)}`),
    ];
    const more = event.data.accountsChanged - event.data.lines.length;
    if (more > 0) lines.push(`…and ${more} more`);
    if (lines.length) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: `Threadwatch · ${eventName(event.type)} · ${event.occurredAt.toISOString()}` }],
  });
  return { text: sentence, blocks };
}
