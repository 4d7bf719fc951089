/** The popup's first line: is Threadwatch connected, as whom, or what is wrong. */
import { describeConnectionCheck } from '@/settings/connection-check';
import type { SettingsSummary } from '@/settings/settings-store';

export function connectionSummary(settings: SettingsSummary): { tone: 'ok' | 'warning' | 'idle'; text: string } {
  if (settings.apiUrl === null || !settings.hasToken) return { tone: 'idle', text: 'Not connected — open settings' };
  if (settings.connection === null) return { tone: 'idle', text: `Saved for ${settings.apiUrl}; not tested yet.` };
  return {
    tone: settings.connection.state === 'connected' ? 'ok' : 'warning',
    text: describeConnectionCheck(settings.connection),
  };
}

export function ConnectionStatus({ settings }: { settings: SettingsSummary }) {
  const { tone, text } = connectionSummary(settings);
  return (
    <p role="status" className={`connection connection--${tone}`}>
      {text}
    </p>
  );
}
