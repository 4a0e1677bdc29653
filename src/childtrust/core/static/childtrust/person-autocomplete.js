// A choice of one person among hundreds is a select grouped by agency, which works without
// JavaScript. Where JavaScript runs, this turns each such select into GOV.UK's accessible
// autocomplete (the accessible-autocomplete package, copied to static by `make install`): type
// part of a name, job title or agency and choose from the matches. The select stays in the
// form, hidden, and is what the form sends.
import { autocompleteLibrary, escaped } from "./autocomplete-library.js";

const selects = document.querySelectorAll("select[data-person-autocomplete]");

const enhance = (select) => {
  const chosen = select.options[select.selectedIndex];
  const boxId = select.id; // the library gives the box the select's id and renames the select
  window.accessibleAutocomplete.enhanceSelectElement({
    selectElement: select,
    // An empty choice ("Choose a person") is a prompt, not a value to show in the box.
    defaultValue: chosen && chosen.value ? chosen.textContent.trim() : "",
    minLength: 1,
    // The library's own onConfirm keeps the last person when the box is cleared: clearing it
    // chooses the empty option instead, where the question has one ("No one yet"). Leaving the
    // box confirms too, with no label: then the choice stays unless the box was emptied.
    onConfirm: (label) => {
      const match = [...select.options].find((option) => option.textContent.trim() === label);
      const empty = [...select.options].find((option) => option.value === "");
      const box = document.getElementById(boxId);
      if (match) match.selected = true;
      else if (!label && empty && box && box.value.trim() === "") empty.selected = true;
    },
    templates: { inputValue: (label) => label || "", suggestion: escaped },
    tNoResults: () => "No one found with that name",
  });
};

if (selects.length && !window.childtrustPeopleEnhanced) {
  window.childtrustPeopleEnhanced = true;
  autocompleteLibrary()
    .then(() => selects.forEach(enhance))
    .catch(() => {}); // without the library the grouped select still works
}
