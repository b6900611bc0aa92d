"""Forms of the officer workspace, built from what the workflow definition asks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.workflow.schema import Action, BranchAction

RECOMMENDATION_LABELS = {
    "approve": _("Approve"),
    "approve_with_conditions": _("Approve with conditions"),
    "reject": _("Reject"),
}


# Actions with forms (and write paths) of their own, never offered as a bare action button or
# accepted as a bare API action: inspections (inspections.services), the signature (the
# signer's passphrase, issuance.services) and the handover (the receiver's identity, recorded in
# the register by issuance.lifecycle).
INSPECTION_ACTIONS = frozenset({"schedule_inspection", "record_inspection"})
SIGNING_ACTIONS = frozenset({"sign"})
REGISTER_ACTIONS = frozenset({"hand_over"})
OWN_FORM_ACTIONS = INSPECTION_ACTIONS | SIGNING_ACTIONS | REGISTER_ACTIONS


def _date_input() -> forms.DateInput:
    """A browser date picker. Its value must be ISO 8601 whatever the language: a value in the
    locale's format (`28-11-2026`) is dropped by the browser and the field shows empty."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


class Styled(forms.Form):
    """Bootstrap classes on text-like widgets (choices render their own markup)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect
                          | forms.HiddenInput):
                continue
            widget.attrs.setdefault("class", "form-control")


class ActionForm(Styled):
    """One workflow action: its required and optional inputs as fields."""

    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)
    agency = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, spec: Action | BranchAction, citable: list[tuple[str, str]],
                 recommendations: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        required = set(spec.inputs)
        names = list(spec.inputs) + [n for n in spec.optional_inputs if n not in spec.inputs]
        if "recommendation" in names:
            names += [n for n in ("conditions", "reason") if n not in names]
        for name in names:
            need = name in required
            if name == "reason":
                self.fields[name] = forms.CharField(
                    label=_("Reasons"), required=need, max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}))
            elif name == "note":
                self.fields[name] = forms.CharField(
                    label=_("Note"), required=need, max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 2}))
            elif name == "conditions":
                self.fields[name] = forms.CharField(
                    label=_("Conditions (carried to the permit)"), required=False,
                    max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
            elif name == "recommendation":
                self.fields[name] = forms.ChoiceField(
                    label=_("Recommendation"), required=need, widget=forms.RadioSelect,
                    choices=[(r, RECOMMENDATION_LABELS.get(r, r)) for r in recommendations])
            elif name == "citations":
                self.fields[name] = forms.MultipleChoiceField(
                    label=_("Requirements that fail"), required=need,
                    widget=forms.CheckboxSelectMultiple, choices=citable)
            elif name == "days":
                self.fields[name] = forms.IntegerField(label=_("Working days"), required=need,
                                                       min_value=1, max_value=365)
            elif name == "date":
                self.fields[name] = forms.DateField(
                    label=_("Date"), required=need,
                    widget=_date_input())
        self.style()

    def inputs(self) -> dict[str, Any]:
        data = self.cleaned_data
        out: dict[str, Any] = {}
        for name in self.fields:
            if name in {"action", "version", "agency"}:
                continue
            value = data.get(name)
            if value in (None, "", []):
                continue
            if name == "date":
                out[name] = value.isoformat()
            elif name == "citations":
                out[name] = [{"code": code, "note": self.data.get(f"cite_note_{code}", "")}
                             for code in value]
            else:
                out[name] = value
        return out


class ScheduleForm(Styled):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agency = forms.CharField(widget=forms.HiddenInput)
    scheduled_on = forms.DateField(label=_("Inspection date"),
                                   widget=_date_input())
    letter_number = forms.CharField(label=_("Assignment letter (SPT) number"), max_length=100)
    team = forms.MultipleChoiceField(label=_("Team"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, team_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = team_choices


class ReportForm(Styled):
    version = forms.IntegerField(widget=forms.HiddenInput)
    inspected_on = forms.DateField(label=_("Date of the inspection"),
                                   widget=_date_input())
    findings = forms.CharField(label=_("Findings"), max_length=8000,
                               widget=forms.Textarea(attrs={"rows": 5}))
    attendees = forms.CharField(label=_("Attendees (one per line)"), max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 3}))
    latitude = forms.CharField(label=_("Latitude"), max_length=20, required=False,
                               widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    longitude = forms.CharField(label=_("Longitude"), max_length=20, required=False,
                                widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class AssignForm(forms.Form):
    assignee = forms.ChoiceField(label=_("Assign to"))
    agency = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class DelegationForm(Styled):
    membership = forms.ChoiceField(label=_("My role"))
    substitute = forms.ChoiceField(label=_("Substitute"))
    kind = forms.ChoiceField(label=_("Kind"), choices=[("plh", "Plh"), ("plt", "Plt")])
    starts_on = forms.DateField(label=_("From"), widget=_date_input())
    ends_on = forms.DateField(label=_("Until"), widget=_date_input())
    reason = forms.CharField(label=_("Reason"), max_length=300)
    letter_number = forms.CharField(label=_("Letter (surat perintah) number"), max_length=100,
                                    required=False)

    def __init__(self, *args: Any, memberships: list[Any], colleagues: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership = self.fields["membership"]
        substitute = self.fields["substitute"]
        assert isinstance(membership, forms.ChoiceField)
        assert isinstance(substitute, forms.ChoiceField)
        membership.choices = [(str(m.pk), f"{m.get_role_display()} — {m.agency.name}")
                              for m in memberships]
        substitute.choices = [(str(u.pk), u.get_full_name()) for u in colleagues]
        for name in ("membership", "substitute", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select"
