import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { Stats } from '../../lib/messages';
import { send } from '../../lib/rpc';

export function PopupApp() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    send({ type: 'stats' }).then(setStats, (e: Error) => setError(e.message));
  }, []);
  return (
    <main class="popup">
      <header>
        <h1>Paper Lens</h1>
        <span class="pl-muted" data-testid="counts">
          {stats ? `${stats.corpusPapers} papers in the bundled corpus · ${stats.saved} saved` : 'loading…'}
        </span>
      </header>
      <ErrorBanner message={error} />
    </main>
  );
}
