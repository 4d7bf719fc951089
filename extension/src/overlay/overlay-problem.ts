/**
 * What the overlay says when the background cannot answer: not connected, token rejected or
 * expired, API unreachable, or anything else. A small state with a sentence, never an exception.
 */
import type { RuntimeError } from '@/utils/runtime-messages';

export interface OverlayProblem {
  kind: 'not-connected' | 'token-rejected' | 'token-expired' | 'unreachable' | 'no-background' | 'other';
  title: string;
  detail: string;
}

export function problemFrom(error: RuntimeError): OverlayProblem {
  if (error.code === 'no-background') {
    return { kind: 'no-background', title: 'Threadwatch needs a reload', detail: error.reason };
  }
  if (error.code !== 'api') return { kind: 'other', title: 'Threadwatch could not look this up', detail: error.reason };
  const { failure } = error;
  switch (failure.kind) {
    case 'not-configured':
    case 'no-permission':
      return {
        kind: 'not-connected',
        title: 'Not connected',
        detail: 'Open the Threadwatch popup to set the API URL and token.',
      };
    case 'unauthenticated':
      return {
        kind: 'token-rejected',
        title: 'Token rejected',
        detail: 'The API refused the saved token: enter a new one in the Threadwatch popup.',
      };
    case 'token-expired':
      return {
        kind: 'token-expired',
        title: 'Token expired',
        detail: `${failure.message} Flags you make below are kept and sent then.`,
      };
    case 'unreachable':
    case 'timeout':
    case 'server':
    case 'rate-limited':
    case 'http':
    case 'malformed-response':
      return {
        kind: 'unreachable',
        title: 'Threadwatch API unreachable',
        detail: 'Lookups work again once the API answers. Flags you make below are kept and sent then.',
      };
    default:
      return { kind: 'other', title: 'Threadwatch could not look this up', detail: failure.message };
  }
}

/** A sentence for a failed send (form submit), with the API's own message where it has one. */
export function sendFailureText(error: RuntimeError): string {
  const problem = problemFrom(error);
  if (problem.kind === 'other') return error.code === 'api' ? error.failure.message : error.reason;
  return `${problem.title}: ${problem.detail}`;
}
