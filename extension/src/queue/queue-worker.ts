/**
 * Sends the queue: takes each due item, sends it with its idempotency key, and records the outcome
 * (sent; failed with the reason; or queued again with backoff), then sets the retry alarm for the
 * earliest queued item. One round at a time; a call during a round asks for one more round after it.
 */
import { type ApiFailure, failWith, type ServiceResult, succeed } from '@/api/api-failure';
import type { ThreadwatchService } from '@/api/service';
import type { FlagQueue } from './flag-queue';
import type { QueueItem } from './queue-item';
import { handlingFor, RETRY_BASE_MS, retryDelayMs } from './retry-policy';

export interface QueueWorkerOptions {
  queue: FlagQueue;
  /** The service from the current settings, or why there is none. Asked once per round. */
  connect: () => Promise<ServiceResult<ThreadwatchService>>;
  /** Wakes the worker at `when` (epoch ms); null: nothing is waiting. */
  scheduleWakeUp: (when: number | null) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

function duplicatesFailure(names: string[]): ApiFailure {
  return {
    kind: 'conflict',
    message: `Not added: possibly the same person as ${names.join(', ')}. Link the profile to them instead, or add the person anyway.`,
  };
}

/** Sends one item with its own idempotency key; success carries the sentence shown in the popup. */
export async function deliver(service: ThreadwatchService, item: QueueItem): Promise<ServiceResult<string>> {
  const { flag, idempotencyKey } = item;
  const again = ' (it had already arrived)';
  if (flag.kind === 'jobChange') {
    const result = await service.sendFlag({ ...flag.input, idempotencyKey });
    if (!result.ok) return result;
    const what = result.value.sighting
      ? `Added to the pending flag for ${result.value.stakeholderName} as another sighting`
      : `Flag recorded for ${result.value.stakeholderName}`;
    return succeed(`${what}${result.value.replayed ? again : ''}.`);
  }
  const result = await service.addStakeholder({ ...flag.input, idempotencyKey });
  if (!result.ok) return result;
  if (!result.value.added) return failWith(duplicatesFailure(result.value.possibleDuplicates.map((d) => d.fullName)));
  return succeed(`${result.value.fullName} added to the account${result.value.replayed ? again : ''}.`);
}

export class QueueWorker {
  private readonly now: () => number;
  private readonly random: () => number;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: QueueWorkerOptions) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /** Sends every due item. Never rejects. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const running = (async () => {
      try {
        do {
          this.again = false;
          await this.roundOrWakeUpLater();
        } while (this.again);
      } finally {
        this.running = null;
      }
    })();
    this.running = running;
    return running;
  }

  /** Resolves once no round is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async roundOrWakeUpLater(): Promise<void> {
    try {
      await this.round();
    } catch {
      // Storage or alarms failed (e.g. the extension is being updated): nothing was lost, since
      // every state is written before the next step; look again after the shortest backoff.
      await this.options.scheduleWakeUp(this.now() + RETRY_BASE_MS).catch(() => undefined);
    }
  }

  private async round(): Promise<void> {
    const { queue } = this.options;
    if (await queue.hasDue(this.now())) {
      // A watchdog: if the service worker is stopped mid-round, this alarm starts it again, and
      // start-up recovery re-queues what was in flight.
      await this.options.scheduleWakeUp(this.now() + RETRY_BASE_MS);
      const connection = await this.options.connect();
      if (connection.ok) {
        await this.sendDue(connection.value);
      } else {
        const handling = handlingFor(connection.failure);
        if (handling.action === 'stop') {
          await queue.failDue(this.now(), handling.reason, handling.waitsFor, connection.failure);
        } else {
          await queue.deferDue(this.now(), this.now() + retryDelayMs(1, this.random), handling.reason);
        }
      }
    }
    await this.options.scheduleWakeUp(await queue.nextAttemptAt());
  }

  private async sendDue(service: ThreadwatchService): Promise<void> {
    const { queue } = this.options;
    for (let item = await queue.claimDue(this.now()); item; item = await queue.claimDue(this.now())) {
      const result = await deliver(service, item);
      if (result.ok) {
        await queue.markSent(item.idempotencyKey, result.value, this.now());
        continue;
      }
      const handling = handlingFor(result.failure);
      if (handling.action === 'stop') {
        await queue.markFailed(item.idempotencyKey, handling.reason, handling.waitsFor, this.now(), result.failure);
        continue;
      }
      // The API is down or garbled for every item: back off this one, and hold the others with it.
      const nextAttemptAt = this.now() + retryDelayMs(item.attempts, this.random);
      await queue.markForRetry(item.idempotencyKey, handling.reason, nextAttemptAt);
      await queue.deferDue(this.now(), nextAttemptAt, handling.reason);
      return;
    }
  }
}
