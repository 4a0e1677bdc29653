// GOV.UK's accessible-autocomplete library (copied to static by `make install`), loaded once
// for every autocomplete on a page, and the escaping its suggestions need: the library writes a
// suggestion into the page as HTML, and a person's or a child's name is text.
const here = new URL(import.meta.url);
const asset = (name) => new URL(`../accessible-autocomplete/${name}`, here).href;
let loading = null;

const loadScript = (src) =>
  new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });

// Resolves once window.accessibleAutocomplete is there; rejects if it cannot be loaded, when
// the form's own fields still work.
export const autocompleteLibrary = () => {
  if (!loading) {
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = asset("accessible-autocomplete.min.css");
    document.head.append(style);
    loading = window.accessibleAutocomplete
      ? Promise.resolve()
      : loadScript(asset("accessible-autocomplete.min.js"));
  }
  return loading;
};

export const escaped = (text) =>
  String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
