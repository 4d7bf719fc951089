/**
 * The flag queue in the popup: what still waits (queued, sending, failed with the reason and a
 * Retry button) and what the API confirmed (newest first). Retry goes through the background,
 * which re-queues the item with the same idempotency key.
 */
import { useState } from 'react';
import { describeFlag, type QueueItem } from '@/queue/queue-item';
import { sendRuntimeRequest } from '@/utils/runtime-client';

function clock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

function statusLine(item: QueueItem): string {
  switch (item.status) {
    case 'queued':
      return item.attempts === 0 && item.lastError === null
        ? 'Queued'
        : `Waiting to retry at ${clock(item.nextAttemptAt)}`;
    case 'sending':
      return 'Sending…';
    case 'sent':
      return `Sent at ${clock(item.sentAt)}`;
    case 'failed':
      return item.waitsFor === 'settings' ? 'Waiting for settings' : 'Failed';
  }
}

function detail(item: QueueItem): string | null {
  switch (item.status) {
    case 'queued':
      return item.lastError;
    case 'sent':
      return item.outcome;
    case 'failed':
      return item.reason;
    case 'sending':
      return null;
  }
}

function QueueEntry({ item, onRetry }: { item: QueueItem; onRetry: (item: QueueItem) => void }) {
  const text = detail(item);
  const retryable = item.status === 'failed' || (item.status === 'queued' && item.lastError !== null);
  return (
    <li className={`queue-item queue-item--${item.status}`} data-status={item.status}>
      <div className="queue-item__head">
        <span className="queue-item__label">{describeFlag(item.flag)}</span>
        <span className="queue-item__status">{statusLine(item)}</span>
      </div>
      {text && <p className="queue-item__detail">{text}</p>}
      {item.attempts > 1 && item.status !== 'sent' && <p className="queue-item__attempts">{item.attempts} attempts</p>}
      {retryable && (
        <button type="button" onClick={() => onRetry(item)} aria-label={`Retry ${describeFlag(item.flag)}`}>
          Retry
        </button>
      )}
    </li>
  );
}

export function QueueList({ items }: { items: readonly QueueItem[] }) {
  const [error, setError] = useState<string | null>(null);
  const waiting = items.filter((item) => item.status !== 'sent').reverse();
  const sent = items
    .filter((item): item is Extract<QueueItem, { status: 'sent' }> => item.status === 'sent')
    .sort((a, b) => b.sentAt - a.sentAt);

  async function retry(item: QueueItem) {
    const response = await sendRuntimeRequest({ type: 'retryItem', idempotencyKey: item.idempotencyKey });
    setError(response.type === 'error' ? response.reason : null);
  }

  return (
    <section className="queue" aria-label="Flags">
      <h2>Flags</h2>
      {error && <p role="alert">{error}</p>}
      {items.length === 0 && (
        <p className="queue__empty">No flags yet. Flags you send from LinkedIn pages show up here.</p>
      )}
      {waiting.length > 0 && (
        <>
          <h3>Not sent yet ({waiting.length})</h3>
          <ul aria-label="Not sent yet">
            {waiting.map((item) => (
              <QueueEntry key={item.idempotencyKey} item={item} onRetry={(entry) => void retry(entry)} />
            ))}
          </ul>
        </>
      )}
      {sent.length > 0 && (
        <>
          <h3>Sent</h3>
          <ul aria-label="Sent">
            {sent.map((item) => (
              <QueueEntry key={item.idempotencyKey} item={item} onRetry={(entry) => void retry(entry)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
