/**
 * Styles Paper Lens puts on the page's own elements (hiding, dimming, highlighting entries), undone
 * exactly: once none of ours is left on an element, its style attribute is what the page had (or absent
 * again), so the page cannot tell which entries were ever filtered or highlighted.
 */
export class PageStyles {
  private original = new Map<HTMLElement, string | null>();
  private mine = new Map<HTMLElement, Set<string>>();

  /** Set (value) or clear ('') one property Paper Lens owns on a page element. */
  set(el: HTMLElement, prop: string, value: string): void {
    const props = this.mine.get(el);
    if (!value && !props?.has(prop)) return;
    if (!this.original.has(el)) this.original.set(el, el.getAttribute('style'));
    const set = props ?? new Set<string>();
    if (value) {
      el.style.setProperty(prop, value);
      set.add(prop);
      this.mine.set(el, set);
    } else if (set.size > 1) {
      el.style.removeProperty(prop);
      set.delete(prop);
    } else this.restore(el); // the last of ours: the attribute as it was, not through the style object
  }

  private restore(el: HTMLElement): void {
    const o = this.original.get(el);
    // Through the attribute, not the CSSOM: Chromium writes a style object changed through the CSSOM back
    // to the attribute lazily, and after removeProperty + removeAttribute it may write back style="".
    el.setAttribute('style', o ?? '');
    if (o === null || o === undefined) el.removeAttribute('style');
    this.original.delete(el);
    this.mine.delete(el);
  }

  /** Undo everything (the extension was turned off or updated). */
  restoreAll(): void {
    for (const el of [...this.original.keys()]) this.restore(el);
  }
}
