"""Forms of the application wizard, built from the published requirements."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.models import DataType, Requirement, RequirementKind
from satupintu.core.i18n import localized
from satupintu.tenants.models import Kelurahan

_WIDGETS: dict[str, type[forms.Widget]] = {
    DataType.LONG_TEXT: forms.Textarea,
    DataType.DATE: forms.DateInput,
}


class KelurahanField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.kecamatan.name}"


class AnswersForm(forms.Form):
    """One field per data item of the variant, plus the location of the activity."""

    kelurahan = KelurahanField(label=_("Location of the activity (kelurahan)"),
                                       queryset=Kelurahan.objects.none(), required=False)
    location_detail = forms.CharField(label=_("Street address of the activity"),
                                      max_length=300, required=False)

    def __init__(self, *args: Any, requirements: list[Requirement], tenant: Any,
                 editable: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["kelurahan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Kelurahan.objects.filter(tenant=tenant).select_related("kecamatan")
        self.requirements = [r for r in requirements if r.kind == RequirementKind.DATA]
        for requirement in self.requirements:
            self.fields[requirement.code] = self._field(requirement)
            if editable is not None and requirement.code not in editable:
                self.fields[requirement.code].disabled = True
        if editable is not None:
            self.fields["kelurahan"].disabled = True
            self.fields["location_detail"].disabled = True

    @staticmethod
    def _field(requirement: Requirement) -> forms.Field:
        label = localized(requirement, "name")
        help_text = " ".join(filter(None, [localized(requirement, "condition_text"),
                                           localized(requirement, "description")]))
        common: dict[str, Any] = {"label": label, "required": False, "help_text": help_text}
        if requirement.data_type == DataType.CHOICE:
            return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in requirement.choices],
                                     **common)
        if requirement.data_type == DataType.BOOLEAN:
            return forms.ChoiceField(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))],
                                     **common)
        widget = _WIDGETS.get(requirement.data_type, forms.TextInput)
        attrs = {"type": "date"} if requirement.data_type == DataType.DATE else {}
        if requirement.data_type in {DataType.NIK, DataType.NIB, DataType.KBLI, DataType.NUMBER}:
            attrs["inputmode"] = "numeric"
        return forms.CharField(widget=widget(attrs=attrs), max_length=4000, **common)

    def answers(self) -> dict[str, Any]:
        return {r.code: self.cleaned_data.get(r.code, "") for r in self.requirements
                if not self.fields[r.code].disabled}


class UploadForm(forms.Form):
    requirement = forms.CharField(max_length=30)
    file = forms.FileField(required=False)
    reuse = forms.IntegerField(required=False)


class WithdrawForm(forms.Form):
    version = forms.IntegerField()
    reason = forms.CharField(label=_("Why do you withdraw the application?"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ResubmitForm(forms.Form):
    version = forms.IntegerField()
    note = forms.CharField(label=_("Note to the officer (optional)"), max_length=2000,
                           required=False, widget=forms.Textarea(attrs={"rows": 3}))
