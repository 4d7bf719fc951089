/**
 * The overlay's side of adding a person to an account: the message built from the form, sent to
 * the background, and its answer as an outcome to show. The background holds the token, calls the
 * API, and queues the add when the API cannot be reached; nothing here talks to the API.
 *
 * The idempotency key is kept while the person to add is unchanged, so pressing Add again after a
 * lost answer is the same add; "Add anyway" (notADuplicate) is another payload, so another key.
 */
import type { PossibleDuplicate } from '@/api/service';
import type { QueueItem } from '@/queue/queue-item';
import { type StakeholderValues, stakeholderFromForm } from './drafts';
import type { SendRequest } from './load-view';
import { sendFailureText } from './overlay-problem';

export type AddOutcome =
  | { kind: 'added'; fullName: string }
  | { kind: 'duplicates'; duplicates: PossibleDuplicate[] }
  | { kind: 'queued'; item: QueueItem }
  | { kind: 'refused'; message: string };

export type LinkOutcome = { kind: 'linked'; fullName: string } | { kind: 'refused'; message: string };

export interface StakeholderAdder {
  add(values: StakeholderValues, notADuplicate: boolean): Promise<AddOutcome>;
  /** Links the profile URL the user entered to one of the possible duplicates instead. */
  link(duplicate: PossibleDuplicate, profileUrl: string): Promise<LinkOutcome>;
}

export function createStakeholderAdder(send: SendRequest, accountId: string, newKey: () => string): StakeholderAdder {
  let lastAttempt: { payload: string; key: string } | null = null;

  return {
    async add(values, notADuplicate) {
      const stakeholder = stakeholderFromForm(values, accountId, notADuplicate);
      const payload = JSON.stringify(stakeholder);
      const key = lastAttempt?.payload === payload ? lastAttempt.key : newKey();
      lastAttempt = { payload, key };
      const response = await send({ type: 'addStakeholder', stakeholder, idempotencyKey: key });
      if (response.type === 'error') return { kind: 'refused', message: sendFailureText(response) };
      const answer = response.value;
      if (answer.added) return { kind: 'added', fullName: answer.fullName };
      if ('queued' in answer) return { kind: 'queued', item: answer.queued };
      return { kind: 'duplicates', duplicates: answer.possibleDuplicates };
    },

    async link(duplicate, profileUrl) {
      const response = await send({ type: 'linkProfile', stakeholderId: duplicate.id, profileUrl: profileUrl.trim() });
      return response.type === 'ok'
        ? { kind: 'linked', fullName: response.value.fullName }
        : { kind: 'refused', message: sendFailureText(response) };
    },
  };
}
