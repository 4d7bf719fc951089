import { useEffect, useState } from 'react';
import type { WxtStorageItem } from '#imports';

export type StorageItemState<T> = { status: 'loading' } | { status: 'ready'; value: T };

/** The current value of a storage item, kept up to date when any extension context changes it. */
export function useStorageItem<T, TMetadata extends Record<string, unknown>>(
  item: WxtStorageItem<T, TMetadata>,
): StorageItemState<T> {
  const [state, setState] = useState<StorageItemState<T>>({ status: 'loading' });

  useEffect(() => {
    let active = true;
    const unwatch = item.watch((value) => {
      if (active) setState({ status: 'ready', value });
    });
    item.getValue().then(
      (value) => {
        if (active) setState((current) => (current.status === 'ready' ? current : { status: 'ready', value }));
      },
      () => {
        // Reading storage only fails when the extension context is gone; nothing to render then.
      },
    );
    return () => {
      active = false;
      unwatch();
    };
  }, [item]);

  return state;
}
