// Webhook endpoints of an organization: registered with a secret shown once, changed, rotated with
// an overlap, removed; and redelivery of a recorded event.
import type { WebhookEventType, WebhookFormat } from '@threadwatch/db/client';
import type { Context } from '../context.ts';
import { webhookUrlProblem } from '../domain/webhook-address.ts';
import { newSigningSecret } from '../domain/webhook-signing.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { memberActor, recordChange } from './events.ts';
import { notifyDeliveriesEnqueued } from './webhook-events.ts';

/** Endpoints per organization; enough for every team channel, bounded so one organization cannot flood the outbox. */
export const MAX_ENDPOINTS = 25;
const HOUR_MS = 3_600_000;
/** Longest overlap of a rotation: a week. */
export const MAX_OVERLAP_HOURS = 168;

export interface EndpointFields {
  url?: string | null;
  description?: string | null;
  events?: WebhookEventType[] | null;
  format?: WebhookFormat | null;
  active?: boolean | null;
}

function checkFields(ctx: Context, fields: EndpointFields): void {
  const issues: ValidationError['issues'] = [];
  if (fields.url != null) {
    const problem = webhookUrlProblem(fields.url, {
      allowPrivateAddresses: ctx.webhooks?.allowPrivateAddresses ?? false,
    });
    if (problem) issues.push({ path: ['input', 'url'], message: problem });
  }
  if (fields.events != null && fields.events.length === 0) {
    issues.push({ path: ['input', 'events'], message: 'Subscribe to at least one event.' });
  }
  if (issues.length) throw new ValidationError(issues);
}

const secretPrefix = (secret: string) => secret.slice(0, 12);

type Tx = Parameters<Parameters<Context['prisma']['$transaction']>[0]>[0];

/**
 * How the audit trail names an endpoint: its description, else its host. Never the path or query of
 * the address (a chat webhook's address carries its credential) and never the signing secret.
 */
export function endpointLabel(endpoint: { url: string; description: string | null }): string {
  if (endpoint.description?.trim()) return endpoint.description.trim().slice(0, 100);
  try {
    return new URL(endpoint.url).host;
  } catch {
    return 'an endpoint';
  }
}

/** An administration change about one endpoint, by the caller, in the transaction of the change. */
function recordEndpointChange(
  tx: Tx,
  ctx: Context,
  kind: 'WEBHOOK_ENDPOINT_CREATED' | 'WEBHOOK_ENDPOINT_CHANGED' | 'WEBHOOK_SECRET_ROTATED' | 'WEBHOOK_ENDPOINT_DELETED',
  endpoint: { id: string; url: string; description: string | null },
  fields?: string[],
) {
  return recordChange(tx, {
    organizationId: ctx.viewer.organizationId,
    kind,
    actor: memberActor(ctx.viewer.memberId),
    subject: { type: 'WebhookEndpoint', id: endpoint.id },
    payload: { endpoint: endpointLabel(endpoint), ...(fields ? { fields } : {}) },
  });
}

export async function requireEndpoint(ctx: Context, id: string) {
  const endpoint = await ctx.prisma.webhookEndpoint.findUnique({
    where: { organizationId_id: { organizationId: ctx.viewer.organizationId, id } },
  });
  if (!endpoint) throw new NotFoundError('Webhook endpoint');
  return endpoint;
}

export async function createEndpoint(
  ctx: Context,
  input: EndpointFields & { url: string; events: WebhookEventType[]; ownerId?: string | null },
) {
  checkFields(ctx, input);
  const organizationId = ctx.viewer.organizationId;
  if (input.ownerId) {
    const owner = await ctx.prisma.member.findFirst({
      where: { id: input.ownerId, organizationId },
      select: { id: true },
    });
    if (!owner) throw ValidationError.at(['input', 'ownerId'], 'No member of this organization has this id.');
  }
  const count = await ctx.prisma.webhookEndpoint.count({ where: { organizationId } });
  if (count >= MAX_ENDPOINTS) {
    throw new ConflictError(`An organization can register at most ${MAX_ENDPOINTS} webhook endpoints.`);
  }
  const secret = newSigningSecret();
  const endpoint = await ctx.prisma.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        organizationId,
        url: input.url,
        description: input.description ?? null,
        events: [...new Set(input.events)],
        format: input.format ?? 'GENERIC',
        active: input.active ?? true,
        secret,
        secretPrefix: secretPrefix(secret),
        createdById: ctx.viewer.memberId,
        ownerId: input.ownerId ?? null,
      },
    });
    await recordEndpointChange(tx, ctx, 'WEBHOOK_ENDPOINT_CREATED', created);
    return created;
  });
  return { endpoint, secret };
}

export async function updateEndpoint(ctx: Context, id: string, fields: EndpointFields) {
  checkFields(ctx, fields);
  const current = await requireEndpoint(ctx, id);
  const changed = changedFields(current, fields);
  return ctx.prisma.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        // A new address starts with a closed breaker.
        ...(fields.url != null ? { url: fields.url, ...CLOSED_BREAKER } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.events != null ? { events: [...new Set(fields.events)] } : {}),
        ...(fields.format != null ? { format: fields.format } : {}),
        ...(fields.active != null ? { active: fields.active } : {}),
      },
    });
    if (changed.length) await recordEndpointChange(tx, ctx, 'WEBHOOK_ENDPOINT_CHANGED', endpoint, changed);
    return endpoint;
  });
}

/** The names of the fields an update really changes (the audit trail's "which fields"). */
function changedFields(
  current: {
    url: string;
    description: string | null;
    events: WebhookEventType[];
    format: WebhookFormat;
    active: boolean;
  },
  fields: EndpointFields,
): string[] {
  const changed: string[] = [];
  if (fields.url != null && fields.url !== current.url) changed.push('url');
  if (fields.description !== undefined && fields.description !== current.description) changed.push('description');
  if (fields.events != null) {
    const next = [...new Set(fields.events)].sort();
    if (next.join() !== [...current.events].sort().join()) changed.push('events');
  }
  if (fields.format != null && fields.format !== current.format) changed.push('format');
  if (fields.active != null && fields.active !== current.active) changed.push('active');
  return changed;
}

const CLOSED_BREAKER = { consecutiveFailures: 0, pausedAt: null, pausedReason: null, nextProbeAt: null };

/** Ends a pause: the endpoint's pending deliveries are sent again at once, and its failure count starts over. */
export async function resumeEndpoint(ctx: Context, id: string) {
  const current = await requireEndpoint(ctx, id);
  const endpoint = await ctx.prisma.$transaction(async (tx) => {
    const resumed = await tx.webhookEndpoint.update({ where: { id }, data: CLOSED_BREAKER });
    // Ending a pause is an administrator's decision; resuming an endpoint that runs changes nothing.
    if (current.pausedAt) await recordEndpointChange(tx, ctx, 'WEBHOOK_ENDPOINT_CHANGED', resumed, ['resumed']);
    return resumed;
  });
  notifyDeliveriesEnqueued();
  return endpoint;
}

/** Removes an endpoint with its delivery log; nothing more is sent to it. */
export async function deleteEndpoint(ctx: Context, id: string) {
  const endpoint = await requireEndpoint(ctx, id);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
    await recordEndpointChange(tx, ctx, 'WEBHOOK_ENDPOINT_DELETED', endpoint);
  });
  return endpoint;
}

/**
 * A new secret, shown once. During the overlap the previous secret still signs (a second v1 in the
 * signature header), so receivers can switch without losing a delivery; an overlap of 0 ends it now.
 */
export async function rotateSecret(ctx: Context, id: string, overlapHours: number, now = new Date()) {
  if (!Number.isInteger(overlapHours) || overlapHours < 0 || overlapHours > MAX_OVERLAP_HOURS) {
    throw ValidationError.at(['overlapHours'], `Must be a whole number of hours from 0 to ${MAX_OVERLAP_HOURS}.`);
  }
  const current = await requireEndpoint(ctx, id);
  const secret = newSigningSecret();
  const endpoint = await ctx.prisma.$transaction(async (tx) => {
    const rotated = await tx.webhookEndpoint.update({
      where: { id: current.id },
      data: {
        secret,
        secretPrefix: secretPrefix(secret),
        previousSecret: overlapHours > 0 ? current.secret : null,
        previousSecretExpiresAt: overlapHours > 0 ? new Date(now.getTime() + overlapHours * HOUR_MS) : null,
        secretRotatedAt: now,
      },
    });
    await recordEndpointChange(tx, ctx, 'WEBHOOK_SECRET_ROTATED', rotated);
    return rotated;
  });
  return { endpoint, secret };
}

/** Sends a recorded event to its endpoint again, as a new delivery (the event id stays the same). */
export async function redeliver(ctx: Context, deliveryId: string, now = new Date()) {
  const organizationId = ctx.viewer.organizationId;
  const original = await ctx.prisma.webhookDelivery.findUnique({
    where: { organizationId_id: { organizationId, id: deliveryId } },
    include: { endpoint: { select: { active: true } } },
  });
  if (!original) throw new NotFoundError('Webhook delivery');
  if (!original.endpoint.active) throw new ConflictError('The endpoint is disabled: enable it before redelivering.');
  const delivery = await ctx.prisma.webhookDelivery.create({
    data: {
      organizationId,
      endpointId: original.endpointId,
      eventId: original.eventId,
      redeliveryOfId: original.id,
      nextAttemptAt: now,
    },
  });
  notifyDeliveriesEnqueued();
  return delivery;
}
