/** The toolbar popup: connection status, API settings, the flag queue, and the way to the dashboard. */
import { useState } from 'react';
import { useBackgroundQuery } from '@/hooks/use-background-query';
import type { SettingsSummary } from '@/settings/settings-store';
import { apiUrl, connectionCheck, flagQueue } from '@/utils/storage';
import { ConnectionStatus } from './ConnectionStatus';
import { openDashboard } from './open-dashboard';
import { QueueList } from './QueueList';
import { SettingsForm } from './SettingsForm';

const SETTINGS_CHANGES = [apiUrl, connectionCheck];
const QUEUE_CHANGES = [flagQueue];

/** Open at first when nothing is configured; then as the user leaves it (saving does not close it). */
function SettingsPanel({ settings, onSaved }: { settings: SettingsSummary; onSaved: () => void }) {
  const [open, setOpen] = useState(
    () =>
      settings.apiUrl === null ||
      !settings.hasToken ||
      (settings.connection?.state === 'failed' && settings.connection.kind === 'token-expired'),
  );
  return (
    <details className="popup__settings" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Settings</summary>
      <SettingsForm settings={settings} onSaved={onSaved} />
    </details>
  );
}

export function App() {
  const settings = useBackgroundQuery('getSettings', SETTINGS_CHANGES);
  const queue = useBackgroundQuery('getQueue', QUEUE_CHANGES);

  return (
    <main className="popup">
      <header className="popup__header">
        <h1>Threadwatch</h1>
        <button type="button" className="link-button" onClick={() => void openDashboard().then(() => window.close())}>
          Open dashboard
        </button>
      </header>
      {settings.state.status === 'error' && <p role="alert">{settings.state.reason}</p>}
      {settings.state.status === 'ready' && (
        <>
          <ConnectionStatus settings={settings.state.value} />
          <SettingsPanel settings={settings.state.value} onSaved={() => void settings.refresh()} />
        </>
      )}
      {queue.state.status === 'error' && <p role="alert">{queue.state.reason}</p>}
      {queue.state.status === 'ready' && <QueueList items={queue.state.value.items} />}
    </main>
  );
}
