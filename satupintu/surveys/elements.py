"""The questionnaire of PermenPANRB 14/2017: the nine elements in order, each with its question
and its four answers worded as on the regulation's form, and the respondent's profile.

Indonesian is the official wording; the English msgids are its translation for English pages
(locale/id gives back the form's words).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from satupintu.lib.ikm import ELEMENTS

CODES = tuple(f"U{i}" for i in range(1, ELEMENTS + 1))
FIELDS = tuple(code.lower() for code in CODES)


@dataclass(frozen=True)
class Element:
    """One element (*unsur*): its code, name, question and the answers 1–4 (worst first)."""

    code: str
    name: str | Promise
    question: str | Promise
    answers: tuple[str | Promise, str | Promise, str | Promise, str | Promise]

    @property
    def field(self) -> str:
        return self.code.lower()


QUESTIONNAIRE = (
    Element("U1", _("Requirements"),
            _("How well do the service's requirements fit the kind of service?"),
            (_("Not appropriate"), _("Less appropriate"), _("Appropriate"),
             _("Very appropriate"))),
    Element("U2", _("Systems, mechanisms and procedures"),
            _("How easy is the service procedure at this unit?"),
            (_("Not easy"), _("Less easy"), _("Easy"), _("Very easy"))),
    Element("U3", _("Completion time"),
            _("How fast is the service delivered?"),
            (_("Not fast"), _("Less fast"), _("Fast"), _("Very fast"))),
    Element("U4", _("Cost/tariff"),
            _("How reasonable is the cost or tariff of the service?"),
            (_("Very expensive"), _("Quite expensive"), _("Cheap"), _("Free of charge"))),
    Element("U5", _("Service products (specification by kind of service)"),
            _("How well does what you received match the product in the service standard?"),
            (_("Not appropriate"), _("Less appropriate"), _("Appropriate"),
             _("Very appropriate"))),
    Element("U6", _("Competence of the staff"),
            _("How competent are the officers who served you?"),
            (_("Not competent"), _("Less competent"), _("Competent"), _("Very competent"))),
    Element("U7", _("Conduct of the staff"),
            _("How polite and friendly are the officers who served you?"),
            (_("Not polite and friendly"), _("Less polite and friendly"),
             _("Polite and friendly"), _("Very polite and friendly"))),
    Element("U8", _("Handling of complaints, suggestions and feedback"),
            _("How are users' complaints handled?"),
            (_("There is none"), _("There is, but it does not work"),
             _("It works, but not fully"), _("Well managed"))),
    Element("U9", _("Facilities and infrastructure"),
            _("What is the quality of the facilities and infrastructure?"),
            (_("Poor"), _("Adequate"), _("Good"), _("Very good"))),
)
assert tuple(e.code for e in QUESTIONNAIRE) == CODES


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class AgeBand(models.TextChoices):
    UNDER_20 = "under_20", _("Under 20 years")
    FROM_20 = "20_29", _("20–29 years")
    FROM_30 = "30_39", _("30–39 years")
    FROM_40 = "40_49", _("40–49 years")
    FROM_50 = "50_59", _("50–59 years")
    FROM_60 = "60_plus", _("60 years and over")


class Education(models.TextChoices):
    """As on the regulation's form."""

    PRIMARY = "primary", _("Primary school or less")
    JUNIOR = "junior", _("Junior high school")
    SENIOR = "senior", _("Senior high school")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    BACHELOR = "bachelor", _("Bachelor's degree (D4/S1)")
    POSTGRADUATE = "postgraduate", _("Master's degree or higher (S2/S3)")


class Occupation(models.TextChoices):
    """As on the regulation's form."""

    CIVIL_SERVANT = "civil_servant", _("Civil servant (PNS)")
    MILITARY = "military", _("Armed forces (TNI)")
    POLICE = "police", _("Police (POLRI)")
    PRIVATE = "private", _("Private sector employee")
    ENTREPRENEUR = "entrepreneur", _("Self-employed / entrepreneur")
    OTHER = "other", _("Other")


PROFILE_CHOICES: dict[str, type[models.TextChoices]] = {
    "sex": Sex, "age_band": AgeBand, "education": Education, "occupation": Occupation,
}
MAX_SUGGESTION = 2000
