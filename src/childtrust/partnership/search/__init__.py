"""The search across services, agencies, teams, localities, people and pages, which knows the
field's words: `selectors.search(user, question)` is the one way in.

- words.py: words, word forms (stems matched as prefixes) and partial words;
- synonyms.py: the administrators' synonyms as groups of phrases that mean the same;
- spelling.py: small typos corrected against the index's vocabulary;
- query.py: a question as a plan: every idea must match, each by any phrase that means it;
- backends/: the plan asked of SQLite's FTS5 or PostgreSQL's full-text search;
- index.py: the entries, kept by the partnership's services and rebuilt at will;
- pages.py: the navigation's pages, matched in memory;
- state.py: the index's version, and what each process keeps until it changes."""
