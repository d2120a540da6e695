/**
 * After a check found problems in a form: move the focus (and so the scroll position) to the
 * first bad control in page order, once React has rendered the errors.
 */

/** Focuses the first of these controls (by id) in page order on the next frame. */
export function focusFirst(ids: string[]): void {
  window.requestAnimationFrame(() => {
    const elements = ids.map((id) => document.getElementById(id)).filter((element): element is HTMLElement => element !== null);
    elements.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    elements[0]?.focus();
  });
}
