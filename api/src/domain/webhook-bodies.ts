// The exact request body an endpoint receives, in its format: the generic JSON envelope, or a Slack
// message (webhook-slack.ts).
import { eventName, type StoredEvent } from './webhook-payloads.ts';
import { slackMessage } from './webhook-slack.ts';

/**
 * GENERIC: the JSON envelope; SLACK: a Slack message; STANDARD: the JSON envelope, signed as the
 * Standard Webhooks specification says as well (see webhook-signing.ts).
 */
export type WebhookFormat = 'GENERIC' | 'SLACK' | 'STANDARD';

/** The JSON body of the generic format: `{ id, type, occurredAt, data }`. */
export function genericBody(event: StoredEvent): Record<string, unknown> {
  return { id: event.id, type: eventName(event.type), occurredAt: event.occurredAt.toISOString(), data: event.data };
}

/** The exact request body for an endpoint's format. */
export function webhookBody(event: StoredEvent, format: WebhookFormat): string {
  return JSON.stringify(format === 'SLACK' ? slackMessage(event) : genericBody(event));
}
