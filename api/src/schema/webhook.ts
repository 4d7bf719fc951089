// Webhook endpoints and their delivery log (admins and managers): secrets shown once, rotation with
// an overlap, redelivery.

import type { WebhookDelivery as DeliveryRow, WebhookEndpoint as EndpointRow } from '@threadwatch/db/client';
import { WebhookDeliveryStatus, WebhookEventType, WebhookFormat } from '@threadwatch/db/client';
import { builder, inViewerOrganization, inViewerOrganizationCursor, inViewerOrganizationPage } from '../builder.ts';
import * as rules from '../domain/input-rules.ts';
import { authScopesFor } from '../domain/permissions.ts';
import { eventName, notificationType } from '../domain/webhook-payloads.ts';
import { encodeId } from '../global-id.ts';
import {
  createEndpoint,
  deleteEndpoint,
  MAX_OVERLAP_HOURS,
  redeliver,
  resumeEndpoint,
  rotateSecret,
  updateEndpoint,
} from '../services/webhooks.ts';
import { mutationErrors } from './errors.ts';
import { Member } from './member.ts';

const WebhookEventTypeEnum = builder.enumType(WebhookEventType, { name: 'WebhookEventType' });
const WebhookFormatEnum = builder.enumType(WebhookFormat, {
  name: 'WebhookFormat',
  description:
    'GENERIC: { id, type, occurredAt, data }. SLACK: a Slack message ({ text, blocks }). STANDARD: the GENERIC body, also signed as Standard Webhooks says (webhook-id, webhook-timestamp, webhook-signature headers).',
});
const WebhookDeliveryStatusEnum = builder.enumType(WebhookDeliveryStatus, { name: 'WebhookDeliveryStatus' });
const WebhookEndpointStatusEnum = builder.enumType('WebhookEndpointStatus', {
  description:
    'ACTIVE: receives its events. PAUSED: failed too often in a row; gets one probe per cool-down until one is delivered or an admin resumes it. DISABLED: switched off (active: false).',
  values: ['ACTIVE', 'PAUSED', 'DISABLED'] as const,
});

builder.prismaObject('WebhookAttempt', {
  fields: (t) => ({
    number: t.exposeInt('number'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    durationMs: t.exposeInt('durationMs'),
    statusCode: t.exposeInt('statusCode', {
      nullable: true,
      description: "The receiver's HTTP status, if it answered.",
    }),
    error: t.exposeString('error', {
      nullable: true,
      description:
        "Why the attempt failed, in our words: the HTTP status, a timeout, a refused address or a network error; never the receiver's body.",
    }),
    succeeded: t.exposeBoolean('succeeded'),
  }),
});

export const WebhookDelivery = builder.prismaNode('WebhookDelivery', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  authScopes: { manageWebhooks: true },
  fields: (t) => ({
    endpoint: t.relation('endpoint'),
    eventId: t.id({
      description: 'The event (the same for redeliveries): the `id` in the body and the Threadwatch-Event-Id header.',
      select: { eventId: true },
      // A notification of the event log, known to receivers by this type name.
      resolve: (delivery) => encodeId('WebhookEvent', delivery.eventId),
    }),
    eventType: t.field({
      type: WebhookEventTypeEnum,
      select: { event: { select: { notificationType: true } } },
      resolve: (delivery) => notificationType(delivery.event),
    }),
    eventName: t.string({
      description: 'The type as receivers see it, e.g. flag.created.',
      select: { event: { select: { notificationType: true } } },
      resolve: (delivery) => eventName(notificationType(delivery.event)),
    }),
    payload: t.string({
      description: "The event's data as JSON.",
      select: { event: { select: { notificationPayload: true } } },
      resolve: (delivery) => JSON.stringify(delivery.event.notificationPayload),
    }),
    occurredAt: t.field({
      type: 'DateTime',
      select: { event: { select: { occurredAt: true } } },
      resolve: (delivery) => delivery.event.occurredAt,
    }),
    status: t.expose('status', { type: WebhookDeliveryStatusEnum }),
    attemptCount: t.exposeInt('attemptCount'),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the next attempt is due, while the delivery is pending.',
      select: { status: true, nextAttemptAt: true },
      resolve: (delivery) => (delivery.status === 'PENDING' ? delivery.nextAttemptAt : null),
    }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    lastDurationMs: t.exposeInt('lastDurationMs', { nullable: true }),
    lastAttemptAt: t.expose('lastAttemptAt', { type: 'DateTime', nullable: true }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
    redeliveryOf: t.id({
      nullable: true,
      description: 'The delivery this one repeats.',
      select: { redeliveryOfId: true },
      resolve: (delivery) => (delivery.redeliveryOfId ? encodeId('WebhookDelivery', delivery.redeliveryOfId) : null),
    }),
    attempts: t.relation('attempts', { query: { orderBy: { number: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const WebhookEndpoint = builder.prismaNode('WebhookEndpoint', {
  id: { field: 'id' },
  nullable: true,
  findUnique: inViewerOrganization,
  authScopes: { manageWebhooks: true },
  fields: (t) => ({
    url: t.exposeString('url'),
    description: t.exposeString('description', { nullable: true }),
    events: t.expose('events', { type: [WebhookEventTypeEnum] }),
    owner: t.field({
      type: Member,
      nullable: true,
      description: 'When set, only events about accounts this member owns, and only their weekly digest.',
      resolve: (endpoint, _args, ctx) =>
        endpoint.ownerId
          ? ctx.prisma.member.findFirst({ where: { id: endpoint.ownerId, organizationId: ctx.viewer.organizationId } })
          : null,
    }),
    format: t.expose('format', { type: WebhookFormatEnum }),
    active: t.exposeBoolean('active'),
    status: t.field({
      type: WebhookEndpointStatusEnum,
      select: { active: true, pausedAt: true },
      resolve: (endpoint) => (!endpoint.active ? 'DISABLED' : endpoint.pausedAt ? 'PAUSED' : 'ACTIVE'),
    }),
    consecutiveFailures: t.exposeInt('consecutiveFailures', {
      description: 'Failed attempts in a row; a delivered one resets it.',
    }),
    pausedAt: t.expose('pausedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Since when the circuit breaker has paused the endpoint.',
    }),
    pausedReason: t.exposeString('pausedReason', {
      nullable: true,
      description: 'The failure that paused it, e.g. "timeout: no answer within 10000 ms".',
    }),
    nextProbeAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'While paused: when one delivery is tried again to see whether the receiver is back.',
      select: { pausedAt: true, nextProbeAt: true },
      resolve: (endpoint) => (endpoint.pausedAt ? endpoint.nextProbeAt : null),
    }),
    secretPrefix: t.exposeString('secretPrefix', { description: 'The first characters of the current secret.' }),
    secretRotatedAt: t.expose('secretRotatedAt', { type: 'DateTime', nullable: true }),
    previousSecretExpiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Until then the previous secret also signs (rotation overlap).',
      select: { previousSecretExpiresAt: true },
      resolve: (endpoint) =>
        endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > new Date()
          ? endpoint.previousSecretExpiresAt
          : null,
    }),
    createdBy: t.relation('createdBy'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deliveries: t.relatedConnection(
      'deliveries',
      {
        cursor: 'id',
        maxSize: 100,
        totalCount: true,
        description: 'The delivery log, newest first.',
        args: { status: t.arg({ type: WebhookDeliveryStatusEnum }) },
        query: (args, ctx) => ({
          where: args.status ? { status: args.status } : {},
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...inViewerOrganizationCursor(args, ctx),
        }),
      },
      { name: 'WebhookDeliveryConnection' },
      { name: 'WebhookDeliveryEdge' },
    ),
  }),
});

builder.queryField('webhookEndpoints', (t) =>
  t.prismaConnection(
    {
      type: 'WebhookEndpoint',
      cursor: 'id',
      maxSize: 100,
      description: "The organization's webhook endpoints, oldest first.",
      authScopes: authScopesFor('webhookEndpoints'),
      totalCount: (_root, _args, ctx) =>
        ctx.prisma.webhookEndpoint.count({ where: { organizationId: ctx.viewer.organizationId } }),
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.webhookEndpoint.findMany({
          ...inViewerOrganizationPage(query, ctx),
          where: { organizationId: ctx.viewer.organizationId },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
    },
    { name: 'WebhookEndpointConnection' },
    { name: 'WebhookEndpointEdge' },
  ),
);

const description = rules.text(500);

const CreateInput = builder.inputType('CreateWebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'http(s), without credentials; e.g. a Slack incoming-webhook URL.' }),
    events: t.field({ type: [WebhookEventTypeEnum], required: true }),
    format: t.field({ type: WebhookFormatEnum, defaultValue: 'GENERIC' }),
    description: t.string({ validate: description }),
    ownerId: t.globalID({
      for: Member,
      description: 'Only events about accounts this member owns, and only their weekly digest.',
    }),
  }),
});

const UpdateInput = builder.inputType('UpdateWebhookEndpointInput', {
  fields: (t) => ({
    id: t.globalID({ for: WebhookEndpoint, required: true }),
    url: t.string(),
    events: t.field({ type: [WebhookEventTypeEnum] }),
    format: t.field({ type: WebhookFormatEnum }),
    active: t.boolean({ description: 'A disabled endpoint receives nothing; its pending deliveries fail.' }),
    description: t.string({ validate: description }),
  }),
});

const SecretPayload = (name: string) =>
  builder.objectRef<{ endpoint: EndpointRow; secret: string }>(name).implement({
    fields: (t) => ({
      endpoint: t.expose('endpoint', { type: WebhookEndpoint }),
      secret: t.exposeString('secret', { description: 'The signing secret. Shown this once; store it now.' }),
    }),
  });
const CreatePayload = SecretPayload('CreateWebhookEndpointPayload');
const RotatePayload = SecretPayload('RotateWebhookSecretPayload');

const EndpointPayload = builder.objectRef<{ endpoint: EndpointRow }>('WebhookEndpointPayload').implement({
  fields: (t) => ({ endpoint: t.expose('endpoint', { type: WebhookEndpoint }) }),
});
const DeletePayload = builder.objectRef<{ deletedId: string }>('DeleteWebhookEndpointPayload').implement({
  fields: (t) => ({ deletedId: t.exposeID('deletedId') }),
});
const RedeliverPayload = builder.objectRef<{ delivery: DeliveryRow }>('RedeliverWebhookPayload').implement({
  fields: (t) => ({ delivery: t.expose('delivery', { type: WebhookDelivery }) }),
});

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: CreatePayload,
    authScopes: authScopesFor('createWebhookEndpoint'),
    errors: { types: mutationErrors, union: { name: 'CreateWebhookEndpointResult' } },
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: (_root, { input }, ctx) => createEndpoint(ctx, { ...input, ownerId: input.ownerId?.id ?? null }),
  }),
  updateWebhookEndpoint: t.field({
    type: EndpointPayload,
    authScopes: authScopesFor('updateWebhookEndpoint'),
    errors: { types: mutationErrors, union: { name: 'UpdateWebhookEndpointResult' } },
    args: { input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, ...fields } = input;
      return { endpoint: await updateEndpoint(ctx, id.id, fields) };
    },
  }),
  deleteWebhookEndpoint: t.field({
    type: DeletePayload,
    authScopes: authScopesFor('deleteWebhookEndpoint'),
    errors: { types: mutationErrors, union: { name: 'DeleteWebhookEndpointResult' } },
    args: { id: t.arg.globalID({ for: WebhookEndpoint, required: true }) },
    resolve: async (_root, args, ctx) => {
      const deleted = await deleteEndpoint(ctx, args.id.id);
      return { deletedId: encodeId('WebhookEndpoint', deleted.id) };
    },
  }),
  rotateWebhookSecret: t.field({
    type: RotatePayload,
    authScopes: authScopesFor('rotateWebhookSecret'),
    errors: { types: mutationErrors, union: { name: 'RotateWebhookSecretResult' } },
    description: `A new secret, shown once. The previous one keeps signing for overlapHours (0–${MAX_OVERLAP_HOURS}).`,
    args: {
      id: t.arg.globalID({ for: WebhookEndpoint, required: true }),
      overlapHours: t.arg.int({ defaultValue: 24 }),
    },
    resolve: (_root, args, ctx) => rotateSecret(ctx, args.id.id, args.overlapHours ?? 24),
  }),
  resumeWebhookEndpoint: t.field({
    type: EndpointPayload,
    authScopes: authScopesFor('resumeWebhookEndpoint'),
    errors: { types: mutationErrors, union: { name: 'ResumeWebhookEndpointResult' } },
    description: 'Ends a pause by the circuit breaker: pending deliveries are sent again now.',
    args: { id: t.arg.globalID({ for: WebhookEndpoint, required: true }) },
    resolve: async (_root, args, ctx) => ({ endpoint: await resumeEndpoint(ctx, args.id.id) }),
  }),
  redeliverWebhook: t.field({
    type: RedeliverPayload,
    authScopes: authScopesFor('redeliverWebhook'),
    errors: { types: mutationErrors, union: { name: 'RedeliverWebhookResult' } },
    description: 'Sends the same event to the same endpoint again, as a new delivery.',
    args: { deliveryId: t.arg.globalID({ for: WebhookDelivery, required: true }) },
    resolve: async (_root, args, ctx) => ({ delivery: await redeliver(ctx, args.deliveryId.id) }),
  }),
}));
