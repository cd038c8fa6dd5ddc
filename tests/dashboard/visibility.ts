import type { Locator } from 'playwright-core';

// "Visible" as a person sees it, not "in the DOM": the element's whole box lies inside the window's
// viewport at the current scroll position and inside every ancestor that clips (overflow other
// than visible), so a column scrolled off inside a sideways-scrolling table does not count, and
// nothing else (a sticky header or column) is drawn over its centre.

export async function inView(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) return false;
    const inside = (b: { left: number; right: number; top: number; bottom: number }) =>
      r.left >= b.left - 0.5 && r.right <= b.right + 0.5 && r.top >= b.top - 0.5 && r.bottom <= b.bottom + 0.5;
    if (!inside({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight })) return false;
    for (let a = el.parentElement; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== 'visible' || s.overflowY !== 'visible') {
        const b = a.getBoundingClientRect();
        const left = b.left + a.clientLeft;
        const top = b.top + a.clientTop;
        if (!inside({ left, top, right: left + a.clientWidth, bottom: top + a.clientHeight })) return false;
      }
    }
    // Not covered either: a sticky header or column over it hides it as much as a scroll does.
    const hit = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
    return hit !== null && (hit === el || el.contains(hit));
  });
}

/** Every match of the locator is in view (and there is at least one). */
export async function allInView(locator: Locator): Promise<boolean> {
  const n = await locator.count();
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (!(await inView(locator.nth(i)))) return false;
  return true;
}
