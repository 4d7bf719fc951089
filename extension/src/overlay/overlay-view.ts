/**
 * The overlay's React side of the lookups: the send function components use, and the hook that
 * loads (or takes over from the page-start script) the view for a page. See load-view.ts.
 */
import { createContext, useContext, useEffect, useState } from 'react';
import { sendRuntimeRequest } from '@/utils/runtime-client';
import { loadView, lookupKey, type OverlayPage, type OverlayView, type SendRequest } from './load-view';
import { takeLoadedView } from './page-bridge';

export type { CompanyAccount, OverlayPage, OverlayView, TrackedStakeholder } from './load-view';

/** How components reach the background; tests may provide another sender. */
export const SendContext = createContext<SendRequest>(sendRuntimeRequest);

export function useSend(): SendRequest {
  return useContext(SendContext);
}

/** Loads the view for a page; again when the lookups' identity changes, or when `reload` is called. */
export function useOverlayView(page: OverlayPage): { view: OverlayView; reload: () => void } {
  const send = useSend();
  const [view, setView] = useState<OverlayView>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = lookupKey(page);
  // `key` stands for the page's lookups: `page` itself changes on every re-read of the page.
  useEffect(() => {
    let current = true;
    // The page-start script may have looked this page up already (it decided to load the UI).
    const loaded = generation === 0 ? takeLoadedView(key) : null;
    if (loaded) {
      setView(loaded);
      return;
    }
    setView({ kind: 'loading' });
    loadView(page, send).then(
      (next) => {
        if (current) setView(next);
      },
      () => {
        if (current) {
          setView({
            kind: 'problem',
            problem: { kind: 'other', title: 'Threadwatch could not look this up', detail: 'Please reload the page.' },
          });
        }
      },
    );
    return () => {
      current = false;
    };
  }, [key, send, generation]);
  return { view, reload: () => setGeneration((value) => value + 1) };
}
