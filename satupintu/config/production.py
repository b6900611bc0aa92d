"""Start-up checks that make production refuse insecure values instead of running with them."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Values that appear in documentation and examples; a key equal to one of them is not secret.
_KNOWN_DEFAULT_KEYS = {"change-me", "changeme", "secret", "django-insecure", "dev", "development"}
_MIN_SECRET_LENGTH = 50


def check_production_settings(
    *, secret_key: str, debug: bool, allowed_hosts: list[str], env_name: str, signer: str,
    public_url: str = "",
) -> None:
    """Raise ImproperlyConfigured listing every insecure value, so one restart fixes them all."""
    problems: list[str] = []
    if not secret_key:
        problems.append("SECRET_KEY is not set.")
    elif (
        secret_key.lower() in _KNOWN_DEFAULT_KEYS
        or secret_key.startswith("django-insecure")
        or len(secret_key) < _MIN_SECRET_LENGTH
        or len(set(secret_key)) < 5
    ):
        problems.append(
            f"SECRET_KEY looks like a default or is shorter than {_MIN_SECRET_LENGTH} characters."
        )
    if debug:
        problems.append("DEBUG must be off in production.")
    if not allowed_hosts:
        problems.append("ALLOWED_HOSTS is empty: list the host names this server answers to.")
    if any(host.strip() in {"*", ".*"} or host.strip().startswith("*") for host in allowed_hosts):
        problems.append("ALLOWED_HOSTS must not contain a wildcard such as '*'.")
    if signer == "dev":
        # Its CA is generated on this machine: nobody outside trusts it, and PP 71/2019 wants a
        # certificate from an Indonesian certification provider (BSrE for government).
        problems.append(
            "SATUPINTU_SIGNER=dev (the default) signs with a local development CA: set "
            "SATUPINTU_SIGNER=pkcs12 or remote."
        )
    host = urlsplit(public_url).hostname or ""
    if (not public_url.startswith("https://") or host in {"", "localhost"}
            or host.startswith("127.") or host == "::1"):
        # It is printed into every signed permit's QR code, which can never be corrected.
        problems.append(
            f"SATUPINTU_PUBLIC_URL={public_url!r}: set the public https address of the site "
            "(it goes into the verification QR code of every signed permit).")
    if problems:
        raise ImproperlyConfigured(
            f"SATUPINTU_ENV={env_name} refuses to start with insecure settings:\n- "
            + "\n- ".join(problems)
        )
