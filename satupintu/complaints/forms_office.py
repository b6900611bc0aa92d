"""Forms of the officers' complaint pages: one small form per step, each calling its service;
and filing a complaint at the counter. Forms only carry the input: the services decide what
is valid, and their errors come back next to the fields of the same name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.accounts.models import User
from satupintu.complaints import handling
from satupintu.complaints.forms_public import ComplaintForm
from satupintu.complaints.handling import MAX_TEXT
from satupintu.complaints.models import Complaint, ComplaintStatus
from satupintu.tenants.models import Agency


def _text(label: Any, *, required: bool = False, help_text: Any = "", rows: int = 4
          ) -> forms.CharField:
    # Required-ness is the service's rule (its message is shown); the form only limits size.
    return forms.CharField(label=label, required=False, max_length=MAX_TEXT + 1000,
                           help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows, "maxlength": MAX_TEXT,
                                                        **({"required": True} if required
                                                           else {})}))


class StepForm(forms.Form):
    """A step on one complaint: the version the officer saw, and what the step needs."""

    action = ""
    label: Any = ""
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        kwargs.setdefault("initial", {"version": complaint.version})
        super().__init__(*args, **kwargs)
        self.complaint = complaint

    def perform(self, actor: User) -> Any:
        raise NotImplementedError

    def add_service_errors(self, details: Any) -> None:
        for key, message in (details or {}).items():
            self.add_error(key if key in self.fields else None, str(message))


class AcknowledgeForm(StepForm):
    action = "acknowledge"
    label = _("Acknowledge receipt")
    text = _text(_("Message to the complainant (optional, public)"), rows=2)

    def perform(self, actor: User) -> Any:
        return handling.complaint_acknowledge(
            complaint=self.complaint, actor=actor, text=self.cleaned_data["text"],
            expected_version=self.cleaned_data["version"])


class AnswerForm(StepForm):
    action = "answer"
    label = _("Answer the complainant")
    text = _text(_("Answer (public)"), required=True,
                 help_text=_("Published on the complaint's page and sent to the complainant."))

    def perform(self, actor: User) -> Any:
        return handling.complaint_answer(complaint=self.complaint, actor=actor,
                                         text=self.cleaned_data["text"],
                                         expected_version=self.cleaned_data["version"])


class NoteForm(StepForm):
    action = "note"
    label = _("Internal note")
    text = _text(_("Note for colleagues (never public)"), required=True, rows=2)

    def perform(self, actor: User) -> Any:
        return handling.complaint_note(complaint=self.complaint, actor=actor,
                                       text=self.cleaned_data["text"],
                                       expected_version=self.cleaned_data["version"])


class ForwardForm(StepForm):
    action = "forward"
    label = _("Forward to another agency")
    to_agency = forms.ChoiceField(label=_("Agency"), required=False)
    reason = _text(_("Reason (public)"), required=True, rows=2)

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.agencies = {a.code: a for a in Agency.objects.filter(
            tenant_id=complaint.tenant_id, is_active=True).exclude(pk=complaint.agency_id)
            .order_by("-is_one_stop", "name")}
        field = self.fields["to_agency"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— choose —"))] + [(c, a.name) for c, a in
                                                   self.agencies.items()]

    def perform(self, actor: User) -> Any:
        return handling.complaint_forward(
            complaint=self.complaint, actor=actor,
            to_agency=self.agencies.get(self.cleaned_data["to_agency"]),
            reason=self.cleaned_data["reason"], expected_version=self.cleaned_data["version"])


class ClaimForm(StepForm):
    action = "claim"
    label = _("Handle it myself")

    def perform(self, actor: User) -> Any:
        return handling.complaint_claim(complaint=self.complaint, actor=actor,
                                        expected_version=self.cleaned_data["version"])


class ResolveForm(StepForm):
    action = "resolve"
    label = _("Close as resolved")
    text = _text(_("How it was resolved (public)"), required=True)

    def perform(self, actor: User) -> Any:
        return handling.complaint_resolve(complaint=self.complaint, actor=actor,
                                          text=self.cleaned_data["text"],
                                          expected_version=self.cleaned_data["version"])


class CloseUnresolvedForm(StepForm):
    action = "close_unresolved"
    label = _("Close unresolved")
    reason = _text(_("Why it cannot be resolved (public)"), required=True)

    def perform(self, actor: User) -> Any:
        return handling.complaint_close_unresolved(
            complaint=self.complaint, actor=actor, reason=self.cleaned_data["reason"],
            expected_version=self.cleaned_data["version"])


class NotResponsibleForm(StepForm):
    action = "not_responsible"
    label = _("Not our responsibility")
    responsible_body = forms.CharField(label=_("Who is responsible"), required=False,
                                       max_length=400,
                                       widget=forms.TextInput(attrs={"maxlength": 200}))
    text = _text(_("Explanation (public, optional)"), rows=2)

    def perform(self, actor: User) -> Any:
        return handling.complaint_not_responsible(
            complaint=self.complaint, actor=actor,
            responsible_body=self.cleaned_data["responsible_body"],
            text=self.cleaned_data["text"], expected_version=self.cleaned_data["version"])


class DuplicateForm(StepForm):
    action = "duplicate"
    label = _("Close as a duplicate")
    of_number = forms.CharField(label=_("Number of the original complaint"), required=False,
                                max_length=40,
                                widget=forms.TextInput(attrs={"placeholder": "ADU-2026-00001",
                                                              "autocomplete": "off"}))
    text = _text(_("Note (public, optional)"), rows=2)

    def perform(self, actor: User) -> Any:
        return handling.complaint_mark_duplicate(
            complaint=self.complaint, actor=actor, of_number=self.cleaned_data["of_number"],
            text=self.cleaned_data["text"], expected_version=self.cleaned_data["version"])


class HideForm(StepForm):
    """Moderation of the description (`target` empty) or of one public step's text."""

    action = "hide"
    label = _("Hide text from the public")
    target = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    reason = forms.CharField(label=_("Reason (shown to the public)"), required=False,
                             max_length=600, widget=forms.TextInput(attrs={"maxlength": 300}))

    def perform(self, actor: User) -> Any:
        target = self.cleaned_data["target"]
        update = None
        if target:
            update = (self.complaint.updates.filter(pk=int(target)).first()
                      if target.isdigit() else None)
            if update is None:
                from satupintu.core.errors import NotFound

                raise NotFound()
        return handling.complaint_hide_text(
            complaint=self.complaint, actor=actor, reason=self.cleaned_data["reason"],
            update=update, expected_version=self.cleaned_data["version"])


STEP_FORMS: dict[str, type[StepForm]] = {f.action: f for f in (
    AcknowledgeForm, AnswerForm, NoteForm, ForwardForm, ClaimForm, ResolveForm,
    CloseUnresolvedForm, NotResponsibleForm, DuplicateForm, HideForm)}


def available_steps(complaint: Complaint, actor: User) -> list[str]:
    """The steps offered on the page to someone who may handle the complaint."""
    if not complaint.is_open:
        return ["note"]
    steps = ["answer", "note", "forward", "resolve", "close_unresolved", "not_responsible",
             "duplicate"]
    if complaint.status == ComplaintStatus.RECEIVED:
        steps.insert(0, "acknowledge")
    if complaint.assignee_id is None:
        steps.insert(0, "claim")
    return steps


class CounterComplaintForm(ComplaintForm):
    """The public filing form, typed in by the clerk for a walk-in complainant (the contact
    details are theirs, given at the counter)."""
