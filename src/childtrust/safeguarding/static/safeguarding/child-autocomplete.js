// The referral form's child, GOV.UK's autocomplete with a fallback. Without JavaScript the
// form has a text box for the child's reference and a link to find the child with the search.
// Where JavaScript runs, this makes that box the accessible autocomplete (the library
// person-autocomplete.js loads too): type part of a name and choose the child from those the
// children search finds (posted to the form's own address for suggestions, which keeps to
// the search's rules and audits each search as the search page does); the form then sends
// the child's reference. A reference typed in, or anything not chosen, is sent as typed.
import { autocompleteLibrary, escaped } from "../childtrust/autocomplete-library.js";

const inputs = document.querySelectorAll("input[data-child-suggestions]");
// A reference is looked up when the form is sent: no search for one.
const REFERENCE = /^ct-?\d/i;
// Pause in typing before asking, so that a name typed is one search (one audit event).
const PAUSE_MS = 300;

const shown = (child) => (child ? `${child.name} (${child.reference})` : "");

const enhance = (input) => {
  const form = input.form;
  const token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
  if (!form || !token) return;
  const url = input.dataset.childSuggestions;
  const id = input.id;
  const hint = document.getElementById(`${id}-hint`);
  const found = new Map();
  let chosen = null;
  let waiting;

  const source = (query, populate) => {
    const name = query.trim();
    const key = name.toLowerCase();
    clearTimeout(waiting);
    if (REFERENCE.test(name)) return populate([]);
    if (found.has(key)) return populate(found.get(key));
    waiting = setTimeout(() => {
      const body = new FormData();
      body.append("name", name);
      fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": token.value, Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : { children: [] }))
        .then((answer) => {
          found.set(key, answer.children);
          populate(answer.children);
        })
        .catch(() => populate([]));
    }, PAUSE_MS);
  };

  // The text box becomes the hidden field the form sends; the autocomplete takes its id, so
  // that its label and the error summary's link still find it.
  const box = document.createElement("div");
  box.className = "app-child-autocomplete";
  input.after(box);
  const hadError = input.classList.contains("govuk-input--error");
  input.removeAttribute("id");
  input.type = "hidden";
  if (hint && input.dataset.hint) hint.textContent = input.dataset.hint;

  window.accessibleAutocomplete({
    element: box,
    id,
    name: "",
    defaultValue: input.value,
    minLength: 2,
    confirmOnBlur: false,
    // Nothing found shows no menu (the status tells a screen reader): a reference typed in
    // finds no one by name, and a menu that closes as one leaves the box moves the page.
    showNoOptionsFound: false,
    inputClasses: hadError ? "govuk-input--error" : "",
    menuClasses: "govuk-body govuk-!-margin-0",
    source,
    templates: {
      inputValue: shown,
      suggestion: (child) =>
        typeof child === "string"
          ? escaped(child)
          : `<strong>${escaped(child.name)}</strong>` +
            `<span class="govuk-!-display-block govuk-!-font-size-16">` +
            `${escaped(child.about)}, ${escaped(child.reference)}</span>`,
    },
    onConfirm: (child) => {
      if (!child) return;
      chosen = { shown: shown(child), reference: child.reference };
      input.value = child.reference;
    },
    tNoResults: () => "No child found with that name",
  });

  form.addEventListener("submit", () => {
    const typed = document.getElementById(id);
    if (!typed) return;
    const text = typed.value.trim();
    if (!chosen || text !== chosen.shown) input.value = text;
  });
};

if (inputs.length) {
  autocompleteLibrary()
    .then(() => inputs.forEach(enhance))
    .catch(() => {}); // the text box still works
}
