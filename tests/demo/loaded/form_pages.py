"""Reading the loaded demo's pages as a browser would, for the test that every form follows
GOV.UK's patterns: the links on a page, its forms and their questions, its title, its error
summary and its error messages, found with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Links that leave the pages a person fills in: files, the API, signing out.
SKIPPED_PREFIXES = ("/static/", "/api/", "/admin/", "/media/")
SKIPPED_WORDS = ("sign-out", "logout", ".csv", "/download", "/export", ".pdf")


@dataclass
class Question:
    """One input, select or textarea of a form."""

    tag: str
    name: str
    type: str = "text"
    value: str = ""
    id: str = ""
    money: bool = False  # inside GOV.UK's input wrapper with a £ prefix
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    method: str
    action: str
    questions: list[Question] = field(default_factory=list)

    @property
    def hidden(self) -> dict[str, str]:
        return {q.name: q.value for q in self.questions if q.type == "hidden" and q.name}

    @property
    def visible(self) -> list[Question]:
        return [
            q
            for q in self.questions
            if q.name and q.type not in {"hidden", "submit", "button", "reset"}
        ]

    @property
    def date_names(self) -> list[str]:
        return sorted({q.name[: -len("_day")] for q in self.visible if q.name.endswith("_day")})

    @property
    def money_names(self) -> list[str]:
        return [q.name for q in self.visible if q.money]


@dataclass
class Page:
    title: str = ""
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    summary_links: list[tuple[str, str]] = field(default_factory=list)  # (href, words)
    error_messages: list[str] = field(default_factory=list)  # each field's own message
    date_pickers: int = 0  # input type="date"
    number_inputs: int = 0  # input type="number"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._form: Form | None = None
        self._text: list[str] | None = None  # collecting words for `_collecting`
        self._collecting = ""
        self._depth = 0
        self._select: Question | None = None
        self._textarea: Question | None = None
        self._in_summary = False
        self._summary_href = ""
        self._money_wrapper = 0  # nesting depth inside a govuk-input__wrapper with a £ prefix
        self._wrapper_depth = 0
        self._div_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "div":
            self._open_div(a.get("class", "").split())
        elif tag == "title" and not self.page.title:  # the page's, not an image's
            self._start_text("title")
        elif tag == "a":
            self._open_link(a.get("href", ""))
        elif tag == "p" and "govuk-error-message" in a.get("class", "").split():
            self._start_text("error")
        elif tag == "form":
            self._form = Form(a.get("method", "get").lower(), a.get("action", ""))
            self.page.forms.append(self._form)
        elif tag == "input":
            self._input(a)
        elif tag in {"select", "option", "textarea"}:
            self._choice_or_text(tag, a)

    def _choice_or_text(self, tag: str, a: dict[str, str]) -> None:
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.value = a.get("value", "")
        elif tag != "option" and self._form is not None:
            question = Question(tag, a.get("name", ""), tag, id=a.get("id", ""))
            self._form.questions.append(question)
            if tag == "select":
                self._select = question
            else:
                self._textarea = question

    def _open_div(self, classes: list[str]) -> None:
        self._div_depth += 1
        if "govuk-input__wrapper" in classes:
            self._wrapper_depth = self._div_depth
        if "govuk-error-summary" in classes:
            self._in_summary = True

    def _open_link(self, href: str) -> None:
        if self._in_summary and href.startswith("#"):
            self._summary_href = href
            self._start_text("summary")
        elif href:
            self.page.links.append(href)

    def _input(self, a: dict[str, str]) -> None:
        kind = a.get("type", "text").lower()
        self.page.date_pickers += kind == "date"
        self.page.number_inputs += kind == "number"
        if self._form is None:
            return
        unticked = kind in {"checkbox", "radio"} and "checked" not in a
        self._form.questions.append(
            Question(
                "input",
                a.get("name", ""),
                kind,
                "" if unticked else a.get("value", ""),
                a.get("id", ""),
                money=bool(self._wrapper_depth),
            )
        )

    def handle_endtag(self, tag: str) -> None:
        if tag == "div":
            if self._div_depth == self._wrapper_depth:
                self._wrapper_depth = 0
            self._div_depth -= 1
        if tag == "title" and self._collecting == "title":
            self.page.title = self._end_text()
        elif tag == "a" and self._collecting == "summary":
            self.page.summary_links.append((self._summary_href, self._end_text()))
        elif tag == "p" and self._collecting == "error":
            words = self._end_text().removeprefix("Error:").strip()
            self.page.error_messages.append(words)
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "ul" and self._in_summary:
            self._in_summary = False

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        if self._textarea is not None:
            self._textarea.value += data

    def _start_text(self, what: str) -> None:
        self._collecting = what
        self._text = []

    def _end_text(self) -> str:
        words = " ".join("".join(self._text or []).split())
        self._text = None
        self._collecting = ""
        return words


def read_page(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    return reader.page


def followable(href: str) -> bool:
    """A link within the service to a page (not a file, the API or signing out)."""
    if not href.startswith("/") or href.startswith("//"):
        return False
    path = href.split("#")[0]
    return not (path.startswith(SKIPPED_PREFIXES) or any(word in path for word in SKIPPED_WORDS))
