"""What can go wrong when signing, as domain errors with stable codes.

`retryable` tells the caller whether the same request may succeed later unchanged (the permit
then stays "approved, awaiting signature"); the others need a person to act.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from satupintu.core.errors import DomainError


class SigningError(DomainError):
    """The document was not signed."""

    code = "signing_failed"
    http_status = 502
    retryable = False
    default_message = _("The document could not be signed.")


class WrongPassphrase(SigningError):
    """The signer's passphrase does not unlock their key; nothing was signed."""

    code = "wrong_passphrase"
    http_status = 422
    default_message = _("The passphrase is not correct. The document was not signed.")


class SignerNotRegistered(SigningError):
    """The signer has no key or certificate with this backend (no PKCS#12 file, unknown NIK)."""

    code = "signer_not_registered"
    http_status = 422
    default_message = _("This signer has no electronic certificate. The document was not signed.")


class SignerUnavailable(SigningError):
    """The signing service did not answer in time or failed on its side: try again later."""

    code = "signer_unavailable"
    http_status = 503
    retryable = True
    default_message = _("The signing service is not available. Try again later.")


class SignerMisconfigured(SigningError):
    """Our side is set up wrongly (refused client credentials, an unreadable key file)."""

    code = "signer_misconfigured"
    http_status = 500
    default_message = _("Signing is not set up correctly. Tell the administrator.")


class DocumentNotSignable(SigningError):
    """The bytes given to sign are not a PDF we can add a signature to."""

    code = "document_not_signable"
    http_status = 422
    default_message = _("The document is not a PDF that can be signed.")
