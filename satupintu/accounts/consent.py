"""The notice shown at registration under UU 27/2022 (Personal Data Protection).

The registration page and the API show this text, and the applicant's profile records its
`CONSENT_VERSION` with the time consent was given. Change the wording → raise the version, so
each record keeps pointing at the text its applicant actually saw.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONSENT_VERSION = "2026-1"


@dataclass(frozen=True)
class ConsentNotice:
    version: str
    controller: str | Promise
    purpose: str | Promise
    data: list[str | Promise]
    retention: str | Promise
    rights: str | Promise


def consent_notice(tenant_name: str) -> ConsentNotice:
    return ConsentNotice(
        version=CONSENT_VERSION,
        controller=_(
            "%(tenant)s, through its one-stop integrated service office (DPMPTSP), is the "
            "controller of the data you give here."
        ) % {"tenant": tenant_name},
        purpose=_(
            "We process your data to identify you as an applicant, to handle your permit and "
            "service applications (checking, technical review, issuing the document), to "
            "contact you about them, and to answer complaints and surveys you send us."
        ),
        data=[
            _("your name, NIK and the address down to kelurahan;"),
            _("your e-mail address and mobile number;"),
            _("for a business: its name, legal form, NIB and NPWP, and the representative's "
              "name and NIK;"),
            _("the documents and answers you later submit with an application."),
        ],
        retention=_(
            "The data is kept in Indonesia, shown only to the officers handling your "
            "applications, and kept as long as the archive rules for permits require."
        ),
        rights=_(
            "You can see and correct your data at any time under \"My account\", and ask the "
            "DPMPTSP about how it is processed."
        ),
    )
