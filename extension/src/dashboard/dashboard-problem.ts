/** What the dashboard says when the API cannot answer: a headline by kind, then the API's own sentence. */
import type { ApiFailure } from '@/api/api-failure';

export interface DashboardProblem {
  title: string;
  detail: string;
  /** Whether trying again may help (not for missing settings or a rejected token). */
  retryable: boolean;
}

export function describeProblem(failure: ApiFailure): DashboardProblem {
  switch (failure.kind) {
    case 'not-configured':
    case 'no-permission':
      return {
        title: 'Not connected',
        detail: `${failure.message} Then reload this page.`,
        retryable: false,
      };
    case 'unauthenticated':
      return {
        title: 'Token rejected',
        detail: `${failure.message} Enter a valid API token in the Threadwatch popup.`,
        retryable: false,
      };
    case 'token-expired':
      return {
        title: 'Token expired',
        detail: `${failure.message} Then reload this page.`,
        retryable: false,
      };
    case 'forbidden':
      return { title: 'Not allowed', detail: failure.message, retryable: false };
    case 'unreachable':
    case 'timeout':
      return { title: 'API unreachable', detail: failure.message, retryable: true };
    case 'malformed-response':
      return { title: 'Unexpected answer from the API', detail: failure.message, retryable: true };
    default:
      return { title: 'The API returned an error', detail: failure.message, retryable: true };
  }
}
