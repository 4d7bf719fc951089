/** The popup's first line: is Threadwatch connected, as whom, or what is wrong (an expired token above all). */
import { expiresSoonMessage } from '@/api/token-expiry';
import { describeConnectionCheck } from '@/settings/connection-check';
import type { SettingsSummary } from '@/settings/settings-store';

export interface ConnectionSummary {
  tone: 'ok' | 'soon' | 'warning' | 'idle' | 'expired';
  text: string;
  /** A second sentence: what to do (an expired token), or that the token expires soon. */
  note?: string;
}

export function connectionSummary(settings: SettingsSummary, now: number = Date.now()): ConnectionSummary {
  if (settings.apiUrl === null || !settings.hasToken) return { tone: 'idle', text: 'Not connected — open settings' };
  const check = settings.connection;
  if (check === null) return { tone: 'idle', text: `Saved for ${settings.apiUrl}; not tested yet.` };
  if (check.state === 'failed' && check.kind === 'token-expired') {
    return {
      tone: 'expired',
      text: check.message,
      note: 'Paste the new token in Settings below. Flags waiting in the queue are kept and sent then.',
    };
  }
  if (check.state === 'connected') {
    const soon = expiresSoonMessage(check.tokenExpiresAt, now);
    return { tone: soon ? 'soon' : 'ok', text: describeConnectionCheck(check), ...(soon ? { note: soon } : {}) };
  }
  return { tone: 'warning', text: describeConnectionCheck(check) };
}

export function ConnectionStatus({ settings, now }: { settings: SettingsSummary; now?: number }) {
  const { tone, text, note } = connectionSummary(settings, now);
  if (tone === 'expired') {
    return (
      <div role="alert" className="connection connection--expired">
        <strong>Token expired</strong>
        <p>{text}</p>
        {note && <p>{note}</p>}
      </div>
    );
  }
  return (
    <div role="status" className={`connection connection--${tone}`}>
      <p>{text}</p>
      {note && <p className="connection__note">{note}</p>}
    </div>
  );
}
