"""The search: its entries (one per service, agency, team, locality and person, derived by
partnership.search.index), the version the server processes key their vocabulary on, and the
synonyms administrators keep. Each database gets its own full-text index beside the entries:

- SQLite: an FTS5 table over the entries' title and words (external content, kept in step by
  triggers, with prefix indexes of 2 and 3 characters for partial words), and an fts5vocab
  table over it, the vocabulary typos are corrected against;
- PostgreSQL: a generated tsvector column (title weighted A, words B; the 'simple'
  configuration, since the search does its own word forms) with a GIN index.

Entries for records that already exist are made by `childtrust search_index_rebuild`."""

import django.db.models.deletion
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE partnership_searchentry_fts USING fts5(
        title, words, content='partnership_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER partnership_searchentry_fts_insert AFTER INSERT ON partnership_searchentry
    BEGIN
        INSERT INTO partnership_searchentry_fts(rowid, title, words)
        VALUES (new.id, new.title, new.words);
    END""",
    """CREATE TRIGGER partnership_searchentry_fts_delete AFTER DELETE ON partnership_searchentry
    BEGIN
        INSERT INTO partnership_searchentry_fts(partnership_searchentry_fts, rowid, title, words)
        VALUES ('delete', old.id, old.title, old.words);
    END""",
    """CREATE TRIGGER partnership_searchentry_fts_update AFTER UPDATE ON partnership_searchentry
    BEGIN
        INSERT INTO partnership_searchentry_fts(partnership_searchentry_fts, rowid, title, words)
        VALUES ('delete', old.id, old.title, old.words);
        INSERT INTO partnership_searchentry_fts(rowid, title, words)
        VALUES (new.id, new.title, new.words);
    END""",
    """CREATE VIRTUAL TABLE partnership_searchentry_vocab
    USING fts5vocab(partnership_searchentry_fts, row)""",
]
SQLITE_BACKWARD = [
    "DROP TABLE IF EXISTS partnership_searchentry_vocab",
    "DROP TRIGGER IF EXISTS partnership_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS partnership_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS partnership_searchentry_fts_update",
    "DROP TABLE IF EXISTS partnership_searchentry_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE partnership_searchentry ADD COLUMN document tsvector
    GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, title), 'A')
        || setweight(to_tsvector('simple'::regconfig, words), 'B')
    ) STORED""",
    """CREATE INDEX partnership_searchentry_document
    ON partnership_searchentry USING gin (document)""",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS partnership_searchentry_document",
    "ALTER TABLE partnership_searchentry DROP COLUMN IF EXISTS document",
]


def _run(schema_editor, statements):
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def full_text_index_create(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})


def full_text_index_drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0002_service_unit_cost_and_capacity_removed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("service", "Services"),
                            ("agency", "Agencies"),
                            ("team", "Teams"),
                            ("locality", "Localities"),
                            ("staff", "People"),
                        ],
                        max_length=16,
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.CharField(max_length=300)),
                ("summary", models.CharField(blank=True, max_length=400)),
                ("url", models.CharField(max_length=300)),
                (
                    "words",
                    models.TextField(
                        blank=True, help_text="Every other word the record is found by."
                    ),
                ),
                (
                    "is_current",
                    models.BooleanField(
                        default=True,
                        help_text="False for someone no longer in post: fewer people find them.",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "search entries",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "object_id"), name="search_entry_one_per_record"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.CharField(max_length=32)),
            ],
        ),
        migrations.CreateModel(
            name="Synonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("modified_at", models.DateTimeField(auto_now=True)),
                (
                    "term",
                    models.CharField(
                        help_text="The acronym or word people type, like HV.", max_length=100
                    ),
                ),
                (
                    "meaning",
                    models.CharField(
                        help_text="What it means, like health visitor.", max_length=200
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "modified_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["term", "meaning"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("term"),
                        django.db.models.functions.text.Lower("meaning"),
                        name="synonym_term_meaning_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(full_text_index_create, full_text_index_drop),
    ]
