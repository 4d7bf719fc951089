import type { QueuedState } from './use-queued-item';

/** "Queued" until the API confirmed the item, then "Sent"; or why it failed. */
export function QueuedStatus({ state }: { state: QueuedState }) {
  switch (state.status) {
    case 'idle':
      return null;
    case 'queued':
      return (
        <p role="status" className="note">
          Queued{state.lastError ? ` (will retry: ${state.lastError})` : ''}
        </p>
      );
    case 'sent':
      return (
        <p role="status" className="note ok">
          Sent. {state.outcome}
        </p>
      );
    case 'failed':
      return (
        <p role="alert" className="note error">
          Not sent: {state.reason} (see the Threadwatch popup to retry)
        </p>
      );
  }
}
