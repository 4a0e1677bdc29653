"""The shape of the code, checked: the rules docs/architecture.md states that import contracts
cannot see. Each test reads the source (no database, no Django) and names every place that
breaks its rule.

- who may see or do what is decided only in an app's access module;
- every public service checks the acting user through `require`, and some test shows a user it
  refuses, unless it is one of the few writes made on no one's behalf (listed below, with why);
- an app reads another app's tables only through that app's selectors or access functions;
- no module is longer than about 500 lines without saying why in its docstring.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "childtrust"
TESTS = Path(__file__).resolve().parent
APPS = (
    "core",
    "audit",
    "accounts",
    "partnership",
    "voice",
    "outcomes",
    "resources",
    "strategy",
    "workforce",
    "children",
    "safeguarding",
    "api",
    "demo",
)
LONG_MODULE_LINES = 500
LONG_MODULE_REASON = "Longer than 500 lines"

# Writes made on no one's behalf, so with no acting user to check: each says who makes it.
UNCHECKED_SERVICES = {
    # Notifications and Operation Encompass: system work (issue 17).
    "safeguarding.services.notifications.notify": (
        "the services that tell people, after their check"
    ),
    "safeguarding.services.notifications.notify_many": (
        "the nightly alert run, telling of the alerts it raised together"
    ),
    "safeguarding.services.notifications.notification_email_send": (
        "the worker, emailing a notification once its transaction has committed"
    ),
    "safeguarding.services.encompass.encompass_notify": (
        "concern_record, in its transaction, after checking the recorder"
    ),
    # Cumulative-concern alerts: system work (issue 17).
    "safeguarding.services.alerts.alerts_for_concern": (
        "concern_record, in its transaction, after checking the recorder"
    ),
    "safeguarding.services.alerts_nightly.alerts_evaluate_all": "the worker, every night",
    "safeguarding.services.alert_lifecycle.alerts_escalate_due": (
        "the worker, escalating alerts not acknowledged in time"
    ),
    "safeguarding.services.alert_rules.alert_rules_defaults_ensure": (
        "the demo, and `childtrust alert_rules_defaults` on the server"
    ),
    # The front door's clocks, checked every hour by the worker (issue 17).
    "safeguarding.services.clocks.clocks_check_unattended": (
        "the worker's hourly check of the statutory clocks"
    ),
    # The children app's work on no one's behalf: the worker's and the server's command line.
    "children.services.linkage.records_link_unattended": (
        "the worker's scheduled linkage, and `childtrust link` on the server"
    ),
    "children.services.linkage.links_export_unattended": "`childtrust export_links` on the server",
    "children.services.records_import.record_imports_stopped_end_unattended": (
        "the worker, ending loads of records whose worker was stopped"
    ),
    "children.services.retention.children_retention_apply_unattended": (
        "`childtrust retention --apply` on the server"
    ),
    # The audit log's own append: every other service calls it after its check.
    "audit.services.audit_record": "the audit log's append, called by checked services",
    "audit.services.object_type_of": "a name, not a write",
    # The log's own upkeep, by the worker and the server's command line (issue 11, part 2).
    "audit.services.audit_checkpoint_write": "the worker, and `childtrust audit_checkpoint`",
    "audit.services.audit_verification_store": "the nightly check, and `audit_verify --record`",
    "audit.services.audit_verification_run": "the worker, checking the log each night",
    "audit.services.audit_sign_in_failure_record": "sign-in, before anyone is known",
    "audit.services.audit_sign_in_failures_summarise": "the worker, closing lock-out windows",
    # Signing in happens before anyone is known, and is about the person signing in themselves;
    # API tokens are made by an administrator on the server's command line.
    "accounts.services.sign_in_record": "the person signing in",
    "accounts.services.sign_in_failure_record": "sign-in, before anyone is known",
    "accounts.services.sign_out_record": "the person signing out",
    "accounts.services.two_factor_failure_record": "the person signing in",
    "accounts.services.two_factor_requires_device": "a question, not a write",
    "accounts.services.two_factor_verified": "a question, not a write",
    "accounts.services.totp_device_start": "the signed-in person's own authenticator app",
    "accounts.services.totp_device_confirm": "the signed-in person's own authenticator app",
    "accounts.services.api_token_create": "an administrator, on the server's command line",
    "accounts.services.api_token_authenticate": "a token being checked, before anyone is known",
    # The worker's scheduled jobs, on behalf of the partnership's own rules.
    "voice.services.cascade.cascade_tasks_remind_and_escalate": (
        "the worker, reminding and escalating managers who have not briefed in time"
    ),
    "voice.services.surveys.survey_rounds_open_due": (
        "the worker, opening repeating surveys' rounds on schedule"
    ),
    # Anonymous submissions are recorded as one count a day, never at the moment (issue 11).
    "voice.services.feedback.feedback_anonymous_days_record": (
        "the worker, counting each past day's anonymous feedback into the audit log"
    ),
    "voice.services.surveys.survey_answer_days_record": (
        "the worker, counting each past day's survey answers into the audit log"
    ),
    "voice.services.feedback.feedback_anonymous_today_unordered": (
        "the worker, every hour, taking today's anonymous feedback out of its order of writing"
    ),
    "voice.services.surveys.survey_answers_today_unordered": (
        "the worker, every hour, taking today's survey answers out of their order of writing"
    ),
    "voice.services.untraceable.days_to_count": "a question, not a write",
    "voice.services.untraceable.day_count_record": "the worker's daily counts, above",
    "voice.services.untraceable.rows_rewritten_out_of_order": "the worker's daily counts, above",
    # Board packs made on no one's behalf (issue 12).
    "strategy.services.board_pack.board_packs_stopped_end": (
        "the worker and the pack's page, ending packs whose worker was stopped"
    ),
    "strategy.services.board_pack.board_pack_command_line_write": (
        "an administrator, on the server's command line (`childtrust board_pack`)"
    ),
}


@dataclass(frozen=True)
class Module:
    path: Path
    name: str  # childtrust.voice.services.cascade
    app: str
    tree: ast.Module
    lines: int


@cache
def _modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if "migrations" in relative.parts:
            continue
        parts = relative.with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        text = path.read_text()
        found.append(
            Module(
                path=path,
                name=".".join(("childtrust", *parts)),
                app=parts[0] if parts and parts[0] in APPS else "",
                tree=ast.parse(text),
                lines=text.count("\n"),
            )
        )
    return tuple(found)


def _is_access_module(module: Module) -> bool:
    # An app's access module, or a module of its access package (children.access.reading). The
    # User model answers Django's permission check from the role table (accounts.roles).
    parts = module.name.split(".")
    in_access = bool(module.app) and parts[2:3] == ["access"] and len(parts) <= 4
    return in_access or module.name in {
        "childtrust.core.permissions",
        "childtrust.accounts.models",
    }


def _is_services_module(module: Module) -> bool:
    parts = module.name.split(".")
    return module.app not in ("api", "") and "services" in parts[2:]


def _calls(node: ast.AST) -> Iterator[str]:
    """The names of the functions called anywhere in a node (`require`, `access.can_x`)."""
    for child in ast.walk(node):
        if isinstance(child, ast.Call):
            if isinstance(child.func, ast.Name):
                yield child.func.id
            elif isinstance(child.func, ast.Attribute):
                yield child.func.attr


def _public_functions(module: Module) -> Iterator[ast.FunctionDef]:
    for node in module.tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            yield node


def test_only_access_modules_decide_who_may_see_or_do_what() -> None:
    outside = [
        f"{module.path.relative_to(SOURCE)}:{node.lineno}"
        for module in _modules()
        if not _is_access_module(module)
        for node in ast.walk(module.tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name | ast.Attribute)
        and (node.func.id if isinstance(node.func, ast.Name) else node.func.attr)
        in {"has_capability", "has_perm"}
    ]
    assert not outside, "Capabilities read outside an access module:\n" + "\n".join(outside)


def _service_functions() -> Iterator[tuple[str, ast.FunctionDef]]:
    for module in _modules():
        if _is_services_module(module):
            short = module.name.removeprefix("childtrust.")
            for function in _public_functions(module):
                yield f"{short}.{function.name}", function


def test_every_public_service_checks_the_acting_user() -> None:
    unchecked = [
        name
        for name, function in _service_functions()
        if name not in UNCHECKED_SERVICES and "require" not in set(_calls(function))
    ]
    assert not unchecked, (
        "Services that write without `require(access.can_...(actor), to=...)`; check the actor, "
        "or list a write made on no one's behalf in UNCHECKED_SERVICES with who makes it:\n"
        + "\n".join(unchecked)
    )


def test_the_list_of_unchecked_services_names_only_services_that_exist() -> None:
    existing = {name for name, _ in _service_functions()}
    assert not set(UNCHECKED_SERVICES) - existing


@cache
def _test_sources() -> str:
    return "\n".join(path.read_text() for path in TESTS.rglob("test_*.py"))


def test_every_checked_service_has_a_test_with_a_user_it_refuses() -> None:
    """A crude but honest check: the service is named in a test file that expects
    PermissionDenied (or a 403) somewhere. The tests themselves say who is refused."""
    files = [path.read_text() for path in TESTS.rglob("test_*.py")]
    refusing = [text for text in files if re.search(r"PermissionDenied|403", text)]
    untested = [
        name
        for name, function in _service_functions()
        if name not in UNCHECKED_SERVICES
        and not any(re.search(rf"\b{function.name}\b", text) for text in refusing)
    ]
    assert not untested, "Services with no test of a user they refuse:\n" + "\n".join(untested)


def _models_imported_from_other_apps(module: Module) -> dict[str, str]:
    """{local name: app} for each model class the module imports from another app's models."""
    imported: dict[str, str] = {}
    for node in ast.walk(module.tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            match = re.fullmatch(r"childtrust\.(\w+)\.models", node.module)
            if match and match.group(1) != module.app:
                for alias in node.names:
                    imported[alias.asname or alias.name] = match.group(1)
    return imported


def test_apps_read_each_others_tables_only_through_selectors() -> None:
    """`Agency.objects...` in the voice app is a read of partnership's table behind its back:
    partnership's selectors (or access functions) are the way in. The demo app assembles the
    apps' own demo loaders and reads nothing itself."""
    reads = []
    for module in _modules():
        if not module.app or module.app == "core":
            continue
        foreign = _models_imported_from_other_apps(module)
        for node in ast.walk(module.tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr in {"objects", "_default_manager"}
                and isinstance(node.value, ast.Name)
                and node.value.id in foreign
            ):
                reads.append(
                    f"{module.path.relative_to(SOURCE)}:{node.lineno} "
                    f"{node.value.id}.{node.attr} ({foreign[node.value.id]}'s table)"
                )
    assert not reads, "Reads of another app's tables:\n" + "\n".join(reads)


def test_no_module_is_too_long_to_hold_in_ones_head_without_saying_why() -> None:
    long = [
        f"{module.path.relative_to(SOURCE)} ({module.lines} lines)"
        for module in _modules()
        if module.lines > LONG_MODULE_LINES + 50
        and LONG_MODULE_REASON not in (ast.get_docstring(module.tree) or "")
    ]
    assert not long, (
        f"Modules past about {LONG_MODULE_LINES} lines: split them by subject, or say in the "
        f"docstring why not ('{LONG_MODULE_REASON} because ...'):\n" + "\n".join(long)
    )
