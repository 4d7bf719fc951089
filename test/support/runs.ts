// Background runs seen as a client sees them: polled through `node(id:)` until they finish.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestApi } from './api.ts';

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

/**
 * Polls a run (an ImportRun or a HealthRecomputeRun) until it has finished and answers the last
 * answer's node with the selection given (which must include `status`).
 */
export async function awaitRun<T extends { status: string }>(
  api: TestApi,
  token: string,
  id: string,
  selection: string,
  attempts = 600,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await api.gql<{ node: T | null }>(token, `query($id: ID!) { node(id: $id) { ${selection} } }`, {
      id,
    });
    const node = response.data?.node;
    if (!node) throw new Error(`Run ${id} not found: ${JSON.stringify(response.errors ?? null)}`);
    if (FINISHED.has(node.status)) return node;
    if (attempt >= attempts) throw new Error(`Run ${id} did not finish: ${JSON.stringify(node)}`);
    await sleep(50);
  }
}
