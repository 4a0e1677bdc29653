"""Production settings: refuse to start without a secret, pass Django's deployment checks, and
keep cookies, headers and password hashing safe. Run in a subprocess with a clean environment,
since the test suite itself runs with CHILDTRUST_TESTING set."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings

import childtrust
from childtrust import settings as real_settings
from childtrust.accounts.models import Role
from tests.factories import UserFactory

SRC_DIR = str(Path(childtrust.__file__).resolve().parents[1])
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"
PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({name: getattr(s, name) for name in ["
    "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
    "'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'ALLOWED_HOSTS', "
    "'PASSWORD_HASHERS']} | {'TWO_FACTOR_REQUIRED_ROLES': sorted(s.TWO_FACTOR_REQUIRED_ROLES)}))"
)


UNSET = "(unset)"  # a variable given this value is left out of the environment


def run(args: list[str], var_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs Python with only the variables given: no CHILDTRUST_TESTING, DEMO or DEBUG."""
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": SRC_DIR,
        "DJANGO_SETTINGS_MODULE": "childtrust.settings",
        "CHILDTRUST_VAR_DIR": str(var_dir),
        # Production also refuses to start without the audit log's key (tests/audit/test_attacks).
        "CHILDTRUST_AUDIT_KEY": secrets.token_urlsafe(48),
        # And, since it sends email, without its public https address (the tests below).
        "CHILDTRUST_SITE_ADDRESS": "https://childtrust.example.org",
        **env,
    }
    clean_env = {name: value for name, value in clean_env.items() if value != UNSET}
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def a_secret_key() -> str:
    return secrets.token_urlsafe(50)


@pytest.mark.parametrize("secret", [None, ""])
def test_production_refuses_to_start_without_a_secret_key(
    tmp_path: Path, secret: str | None
) -> None:
    env = {} if secret is None else {"SECRET_KEY": secret}
    result = run(["-c", "import django; django.setup()"], tmp_path, **env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert not (tmp_path / "secret_key").exists()


def test_production_starts_with_a_secret_key(tmp_path: Path) -> None:
    result = run(["-c", "import django; django.setup()"], tmp_path, SECRET_KEY=a_secret_key())
    assert result.returncode == 0, result.stderr


def test_production_refuses_an_audit_key_that_is_the_secret_key(tmp_path: Path) -> None:
    key = a_secret_key()
    env = {"SECRET_KEY": key, "CHILDTRUST_AUDIT_KEY": key}
    result = run(["-c", "import django; django.setup()"], tmp_path, **env)
    assert result.returncode != 0
    assert "CHILDTRUST_AUDIT_KEY must differ from SECRET_KEY" in result.stderr


def test_production_passes_django_deployment_checks(tmp_path: Path) -> None:
    (tmp_path / "frontend").mkdir()  # built by `make install`; absent here
    result = run(
        ["-m", "childtrust", "check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        SECRET_KEY=a_secret_key(),
        ALLOWED_HOSTS="example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_are_the_safe_ones(tmp_path: Path) -> None:
    result = run(
        ["-c", PRINT_SETTINGS], tmp_path, SECRET_KEY=a_secret_key(), ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["CSRF_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["ALLOWED_HOSTS"] == ["example.org"]
    assert values["PASSWORD_HASHERS"][0] == ARGON2
    assert values["TWO_FACTOR_REQUIRED_ROLES"] == sorted(Role.values)


def test_production_allows_no_host_unless_told(tmp_path: Path) -> None:
    result = run(["-c", PRINT_SETTINGS], tmp_path, SECRET_KEY=a_secret_key())
    assert json.loads(result.stdout)["ALLOWED_HOSTS"] == []


def test_demo_starts_without_a_secret_key_and_keeps_one_out_of_the_repository(
    tmp_path: Path,
) -> None:
    result = run(["-c", PRINT_SETTINGS], tmp_path, CHILDTRUST_DEMO="1")
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text().strip()) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    # The demo runs over plain HTTP on localhost, where a Secure cookie would never be sent.
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "testserver"]


# The site's public address, which emails link under --------------------------------------

DUMMY_EMAIL = "django.core.mail.backends.dummy.EmailBackend"
PRINT_ADDRESS = (
    "import django; django.setup(); from django.conf import settings as s; print(s.SITE_ADDRESS)"
)


@pytest.mark.parametrize(
    ("address", "says"),
    [
        (UNSET, "CHILDTRUST_SITE_ADDRESS is not set"),
        ("", "CHILDTRUST_SITE_ADDRESS is not set"),
        ("http://childtrust.example.org", "is not an https address"),
        ("childtrust.example.org", "is not an https address"),
        ("https://childtrust.example.org/?from=email", "holds more than"),
    ],
)
def test_production_sending_email_refuses_to_start_without_an_https_site_address(
    tmp_path: Path, address: str, says: str
) -> None:
    result = run(
        ["-c", "import django; django.setup()"],
        tmp_path,
        SECRET_KEY=a_secret_key(),
        CHILDTRUST_SITE_ADDRESS=address,
    )
    assert result.returncode != 0
    assert says in result.stderr
    assert "the service's public https address" in result.stderr


@pytest.mark.parametrize(
    ("env", "address"),
    [
        ({}, "https://childtrust.example.org"),
        (
            {"CHILDTRUST_SITE_ADDRESS": "https://example.org/childtrust/"},
            "https://example.org/childtrust/",
        ),
        # A production that sends no email needs no address for its links.
        ({"CHILDTRUST_SITE_ADDRESS": UNSET, "CHILDTRUST_EMAIL_BACKEND": DUMMY_EMAIL}, ""),
    ],
)
def test_production_starts_with_an_https_site_address_or_without_email(
    tmp_path: Path, env: dict[str, str], address: str
) -> None:
    result = run(["-c", PRINT_ADDRESS], tmp_path, SECRET_KEY=a_secret_key(), **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == address


@pytest.mark.parametrize(
    ("env", "address"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),  # PORT=9000 make demo
        ({"CHILDTRUST_SITE_ADDRESS": "http://demo.example.org"}, "http://demo.example.org"),
    ],
)
def test_the_demo_links_to_the_address_make_demo_serves_unless_told(
    tmp_path: Path, env: dict[str, str], address: str
) -> None:
    env = {"CHILDTRUST_SITE_ADDRESS": UNSET, "CHILDTRUST_DEMO": "1"} | env
    result = run(["-c", PRINT_ADDRESS], tmp_path, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == address


def test_the_demo_refuses_a_site_address_that_is_not_one(tmp_path: Path) -> None:
    result = run(
        ["-c", PRINT_ADDRESS], tmp_path, CHILDTRUST_DEMO="1", CHILDTRUST_SITE_ADDRESS="127.0.0.1"
    )
    assert result.returncode != 0
    assert "is not an http or https address" in result.stderr


# Password hashing ---------------------------------------------------------------------------


def test_real_settings_hash_passwords_with_argon2() -> None:
    assert real_settings.PASSWORD_HASHERS[0] == ARGON2


@pytest.mark.django_db
def test_a_password_set_under_the_real_settings_is_stored_as_argon2() -> None:
    user = UserFactory()
    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        user.set_password("a long enough passphrase")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password("a long enough passphrase")


# Content Security Policy --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sign-in/", "/", "/account/"])
def test_pages_carry_a_content_security_policy_with_a_nonce_for_inline_scripts(
    path: str,
) -> None:
    client = Client()
    if path != "/sign-in/":
        client.force_login(UserFactory())
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    nonce_match = re.search(r"script-src 'self' 'nonce-([^']+)'", policy)
    assert nonce_match
    nonce = nonce_match.group(1)
    page = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts)
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy


@pytest.mark.django_db
def test_each_response_gets_a_new_nonce() -> None:
    client = Client()
    first = client.get("/sign-in/")["Content-Security-Policy"]
    second = client.get("/sign-in/")["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
def test_pages_refuse_to_be_framed_and_sniffed() -> None:
    response = Client().get("/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
