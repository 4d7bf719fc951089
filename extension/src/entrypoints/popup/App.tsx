import { useStorageItem } from '@/hooks/use-storage-item';
import { apiUrl } from '@/utils/storage';

export function App() {
  const url = useStorageItem(apiUrl);

  return (
    <main>
      <h1>Threadwatch</h1>
      {url.status === 'ready' &&
        (url.value === null ? (
          <p role="status">Not connected — open settings</p>
        ) : (
          <p role="status">
            Connected to <code>{url.value}</code>
          </p>
        ))}
    </main>
  );
}
