/** A hostile HF-style listing: markup in titles, a script that probes the extension, and a page that re-renders its list in a loop. */
export function hostileListingHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Hostile</title></head><body>
<main id="list">
  <article><h3><a href="/papers/2501.00001">Evil &lt;img src=x onerror="window.__pwned=1"&gt; title &lt;script&gt;window.__pwned=2&lt;/script&gt;</a></h3></article>
  <article><h3><a href="/papers/2501.00002"><img src="x" onerror="window.__pwnedMarkup=(window.__pwnedMarkup||0)+1">Real markup <b>bold</b> title</a></h3></article>
  <article><h3><a href="/papers/2501.00003">Graph Attention Networks</a></h3></article>
</main>
<script>
  window.__probe = {};
  try { window.__probe.runtime = typeof chrome !== 'undefined' && chrome.runtime && typeof chrome.runtime.sendMessage; } catch (e) { window.__probe.runtime = 'error'; }
  window.__readBadges = () => [...document.querySelectorAll('paper-lens-row, paper-lens-summary')].map((h) => ({ shadow: h.shadowRoot, text: h.textContent, attrs: h.getAttributeNames() }));
  window.__startLoop = (ms) => {
    const list = document.getElementById('list');
    let n = 0;
    window.__loop = setInterval(() => {
      n++;
      // Re-render: brand-new elements with the same content, as a framework would.
      list.innerHTML = [1, 2, 3].map((i) => '<article><h3><a href="/papers/2502.0000' + i + '">Looping paper ' + i + '</a></h3></article>').join('');
    }, ms);
  };
  window.__stopLoop = () => clearInterval(window.__loop);
</script>
</body></html>`;
}
