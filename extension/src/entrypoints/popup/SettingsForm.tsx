/**
 * API settings: URL and token. Saving asks the browser for access to exactly the API's origin
 * (an optional host permission), stores the settings through the background (which keeps the
 * token where content scripts never read it), then tests the connection and says how it went.
 */
import { type FormEvent, useId, useState } from 'react';
import { type ApiEndpoint, MISSING_TOKEN_REASON, parseApiUrl, parseToken } from '@/settings/api-settings';
import { describeConnectionCheck } from '@/settings/connection-check';
import { requestApiPermission } from '@/settings/host-permission';
import type { SettingsSummary } from '@/settings/settings-store';
import { sendRuntimeRequest } from '@/utils/runtime-client';

type Feedback = { tone: 'error' | 'ok' | 'info'; text: string } | null;

type CheckedForm = { ok: true; endpoint: ApiEndpoint; token: string | undefined } | { ok: false; reason: string };

/** An empty token field keeps the saved token; without one, a token is required. */
function checkForm(url: string, token: string, hasSavedToken: boolean): CheckedForm {
  const endpoint = parseApiUrl(url);
  if (!endpoint.ok) return endpoint;
  if (token.trim() === '') {
    return hasSavedToken
      ? { ok: true, endpoint: endpoint.value, token: undefined }
      : { ok: false, reason: MISSING_TOKEN_REASON };
  }
  const parsed = parseToken(token);
  return parsed.ok ? { ok: true, endpoint: endpoint.value, token: parsed.value } : parsed;
}

async function testConnection(): Promise<Feedback> {
  const response = await sendRuntimeRequest({ type: 'testConnection' });
  if (response.type === 'error') return { tone: 'error', text: response.reason };
  const { check } = response.value;
  // An expired token is the popup's connection line (an alert, with what to do): not said twice.
  if (check.state === 'failed' && check.kind === 'token-expired') return null;
  return { tone: check.state === 'connected' ? 'ok' : 'error', text: describeConnectionCheck(check) };
}

export function SettingsForm({ settings, onSaved }: { settings: SettingsSummary; onSaved: () => void }) {
  const id = useId();
  const [url, setUrl] = useState(settings.apiUrl ?? '');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);

  async function run(work: () => Promise<Feedback>) {
    setBusy(true);
    try {
      setFeedback(await work());
    } finally {
      setBusy(false);
    }
  }

  function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const checked = checkForm(url, token, settings.hasToken);
    if (!checked.ok) {
      setFeedback({ tone: 'error', text: checked.reason });
      return;
    }
    const { endpoint } = checked;

    // Both start now, within the user's click: Firefox refuses a permission request made later.
    const granted = requestApiPermission(endpoint);
    const saved = sendRuntimeRequest({
      type: 'saveSettings',
      apiUrl: endpoint.endpoint,
      ...(checked.token === undefined ? {} : { token: checked.token }),
    });

    void run(async () => {
      const response = await saved;
      if (response.type === 'error') return { tone: 'error', text: response.reason };
      onSaved();
      setToken('');
      setUrl(endpoint.endpoint);
      if (!(await granted)) {
        return {
          tone: 'error',
          text: `Saved, but access to ${endpoint.origin} was not allowed. Threadwatch cannot reach the API until you allow it: press Save again.`,
        };
      }
      return testConnection();
    });
  }

  return (
    <form className="settings" onSubmit={save} aria-label="API settings">
      <label htmlFor={`${id}-url`}>API URL</label>
      <input
        id={`${id}-url`}
        type="text"
        inputMode="url"
        placeholder="https://threadwatch.example.com/graphql"
        value={url}
        onChange={(event) => setUrl(event.target.value)}
        autoComplete="url"
        spellCheck={false}
      />
      <label htmlFor={`${id}-token`}>API token</label>
      <input
        id={`${id}-token`}
        type="password"
        placeholder={settings.tokenHint ? `Saved (${settings.tokenHint}); enter a new one to replace it` : 'tw_…'}
        value={token}
        onChange={(event) => setToken(event.target.value)}
        autoComplete="off"
        spellCheck={false}
      />
      <div className="settings__actions">
        <button type="submit" disabled={busy}>
          Save
        </button>
        <button type="button" disabled={busy || settings.apiUrl === null} onClick={() => void run(testConnection)}>
          Test connection
        </button>
      </div>
      {feedback &&
        (feedback.tone === 'error' ? (
          <p role="alert" className="feedback feedback--error">
            {feedback.text}
          </p>
        ) : (
          <p aria-live="polite" className={`feedback feedback--${feedback.tone}`}>
            {feedback.text}
          </p>
        ))}
    </form>
  );
}
