// A filter panel is a <details>: on a phone it starts closed (unless the list is filtered), so
// that the results come first; without JavaScript it opens and closes as any <details> does.
// On a wider screen there is room beside the results, so it opens.
if (window.matchMedia("(min-width: 40.0625em)").matches) {
  for (const panel of document.querySelectorAll("details[data-app-filter-panel]")) {
    panel.open = true;
  }
}
