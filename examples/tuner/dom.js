// The two DOM helpers the tuner's view files share.

/**
 * The element with this id (the page's ids are fixed in index.html).
 * @param {string} id
 */
export const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * Replaces a list's items with the given texts (set as text, never as HTML).
 * @param {HTMLElement} list
 * @param {string[]} texts
 */
export function listTexts(list, texts) {
  list.replaceChildren(...texts.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
}
