import { useEffect, useState } from 'preact/hooks';
import { ErrorBanner } from '../../components/ErrorBanner';
import type { Stats } from '../../lib/messages';
import { send } from '../../lib/rpc';

export function OptionsApp() {
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    send({ type: 'stats' }).then(setStats, (e: Error) => setError(e.message));
  }, []);
  return (
    <main style={{ maxWidth: '720px', margin: '0 auto', padding: '16px' }}>
      <h1>Paper Lens options</h1>
      <ErrorBanner message={error} />
      <section aria-labelledby="data-h">
        <h2 id="data-h">Data</h2>
        <p data-testid="corpus-size">
          {stats ? `Bundled corpus: ${stats.corpusPapers} papers from ${stats.corpusListings} listings.` : 'loading…'}
        </p>
      </section>
    </main>
  );
}
