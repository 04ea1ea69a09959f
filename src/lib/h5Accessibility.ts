/**
 * What Taro's and NutUI's browser components leave out for screen readers and keyboards, put right in the page
 * as it changes (h5 only; the mini program's own components carry these through WeChat):
 * - `aria-label` on Taro's Input / Textarea stays on the wrapper: it moves to the native field it names;
 * - Taro's Image draws an `<img>` without `alt`: it gets the Image's label, or `alt=""` when the image is only
 *   decoration inside a labelled control (a photo button says what it is);
 * - NutUI writes the mini program's `aria-role` (not an attribute browsers know): it becomes `role`;
 * - NutUI's disabled button is only a class: it gets `aria-disabled`;
 * - a page or scroll view that scrolls can be reached with the keyboard (`tabindex="0"`).
 */
const SCROLLERS = '.taro_page, taro-scroll-view-core';

function fix(root: ParentNode): void {
  root.querySelectorAll('taro-input-core[aria-label], taro-textarea-core[aria-label]').forEach((host) => {
    const field = host.querySelector('input, textarea');
    const label = host.getAttribute('aria-label');
    if (!field || !label) return;
    field.setAttribute('aria-label', label);
    host.removeAttribute('aria-label');
  });
  root.querySelectorAll('img:not([alt])').forEach((img) => {
    const host = img.closest('taro-image-core');
    img.setAttribute('alt', host?.getAttribute('aria-label') ?? '');
  });
  root.querySelectorAll('[aria-role]').forEach((el) => {
    el.setAttribute('role', el.getAttribute('aria-role') ?? '');
    el.removeAttribute('aria-role');
  });
  root.querySelectorAll('.nut-button').forEach((el) => {
    const disabled = el.classList.contains('nut-button-disabled') ? 'true' : null;
    if (el.getAttribute('aria-disabled') !== disabled) {
      if (disabled) el.setAttribute('aria-disabled', disabled);
      else el.removeAttribute('aria-disabled');
    }
  });
  root.querySelectorAll(SCROLLERS).forEach((el) => {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '0');
  });
}

let started = false;

/** Starts once; later calls do nothing. */
export function startH5Accessibility(): void {
  if (started || typeof document === 'undefined' || typeof MutationObserver === 'undefined') return;
  started = true;
  let queued = false;
  const run = () => {
    queued = false;
    fix(document);
  };
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    // Once per frame of changes, after the components have drawn.
    requestAnimationFrame(run);
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['class', 'aria-label', 'aria-role'],
  });
  fix(document);
}
