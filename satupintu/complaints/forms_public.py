"""Forms of the public complaint pages: the list's filters, filing, and reopening.

The filing form only carries the text to `intake.complaint_submit`, which checks every field
(one set of rules for the web, the counter and Open311); its errors come back by field name.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.complaints import selectors
from satupintu.complaints.intake import MAX_PHOTO_BYTES, MAX_PHOTOS, MAX_TEXT, ComplaintInput
from satupintu.tenants.models import Agency, Tenant


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    found = form.fields[name]
    assert isinstance(found, forms.ChoiceField)
    return found


class FilterForm(forms.Form):
    """The public list's filters; an unknown value (a stale link) is not applied, and the page
    says so next to the field."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False)
    kelurahan = forms.ChoiceField(label=_("Kelurahan"), required=False)
    date_from = forms.DateField(label=_("Received from"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Received until"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything: list[Any] = [("", _("All"))]
        _choices(self, "category").choices = everything + [
            (c.code, c.name) for c in selectors.active_categories(tenant)]
        _choices(self, "status").choices = everything + selectors.status_choices()
        _choices(self, "kecamatan").choices = everything + selectors.kecamatan_choices(tenant)
        _choices(self, "kelurahan").choices = everything + [
            (group, options) for group, options in selectors.kelurahan_groups(tenant)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            # Said, not silently answered with an empty list.
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def filters(self) -> selectors.Filters:
        if not self.is_bound:
            return selectors.Filters()
        self.is_valid()  # cleaned_data keeps the fields that passed; the rest drop out
        data = self.cleaned_data
        return selectors.Filters(
            category=data.get("category") or "", status=data.get("status") or "",
            kecamatan=data.get("kecamatan") or "", kelurahan=data.get("kelurahan") or "",
            date_from=data.get("date_from"), date_to=data.get("date_to"))

    def query_without_page(self) -> str:
        """The filters as a query string, for the pager's links."""
        if not self.is_bound:
            return ""
        from urllib.parse import urlencode

        return urlencode([(key, value) for key in self.fields
                          if (value := str(self.data.get(key) or ""))])


class ComplaintForm(forms.Form):
    """Filing a complaint on the web. Choices are offered as lists, but what is sent is only
    text: `complaint_submit` decides what is valid."""

    category = forms.CharField(label=_("What is your complaint about?"), required=False)
    description = forms.CharField(
        label=_("Your complaint"), required=False, max_length=MAX_TEXT + 1000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT}),
        help_text=_("What happened, when and where. Do not write your NIK or other personal "
                    "details here: this text is published."))
    kelurahan = forms.CharField(label=_("Kelurahan"), required=False, widget=forms.Select())
    address = forms.CharField(
        label=_("Address or landmark"), required=False, max_length=400,
        widget=forms.TextInput(attrs={"maxlength": 300, "autocomplete": "off"}),
        help_text=_("Helps the officers find the place. Not published."))
    lat = forms.CharField(label=_("Latitude"), required=False, max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                        "autocomplete": "off"}))
    long = forms.CharField(label=_("Longitude"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={"inputmode": "decimal",
                                                         "autocomplete": "off"}))
    tracking_number = forms.CharField(
        label=_("Tracking number of an application"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    permit_number = forms.CharField(
        label=_("Permit number"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    agency = forms.CharField(label=_("Agency complained about"), required=False,
                             widget=forms.Select())
    lapor_ticket = forms.CharField(
        label=_("SP4N-LAPOR! ticket number"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("If you also reported this on lapor.go.id."))
    contact_name = forms.CharField(label=_("Name"), required=False, max_length=150,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_email = forms.CharField(
        label=_("E-mail"), required=False, max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    contact_phone = forms.CharField(
        label=_("Phone or WhatsApp"), required=False, max_length=40,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.categories = selectors.active_categories(tenant)
        self.photo_errors: list[str] = []
        kelurahan: list[Any] = [("", _("— not about a place / I do not know —"))]
        kelurahan += list(selectors.kelurahan_groups(tenant))
        self.fields["kelurahan"].widget.choices = kelurahan
        agencies: list[Any] = [("", _("— none in particular —"))]
        agencies += list(Agency.objects.filter(tenant=tenant, is_active=True)
                         .order_by("-is_one_stop", "name").values_list("code", "name"))
        self.fields["agency"].widget.choices = agencies

    def to_input(self, photos: list[Any]) -> ComplaintInput:
        """What was typed, as the intake takes it (call after `is_valid`)."""
        data = self.cleaned_data
        return ComplaintInput(
            category=data.get("category", ""), description=data.get("description", ""),
            contact_name=data.get("contact_name", ""),
            contact_email=data.get("contact_email", ""),
            contact_phone=data.get("contact_phone", ""),
            kelurahan=data.get("kelurahan", ""), address=data.get("address", ""),
            lat=data.get("lat") or None, long=data.get("long") or None,
            tracking_number=data.get("tracking_number", ""),
            permit_number=data.get("permit_number", ""), agency=data.get("agency", ""),
            lapor_ticket=data.get("lapor_ticket", ""), photos=photos)

    def add_intake_errors(self, details: Any) -> None:
        if not isinstance(details, dict):
            return
        for key, message in details.items():
            if key == "media":  # the photos input is rendered by hand (several files)
                self.photo_errors.append(str(message))
            elif key in self.fields:
                self.add_error(key, str(message))
            else:
                self.add_error(None, str(message))


PHOTO_LIMITS = {"count": MAX_PHOTOS, "mb": MAX_PHOTO_BYTES // (1024 * 1024)}


class ReopenForm(forms.Form):
    """The complainant reopens a closed complaint, saying why."""

    reason = forms.CharField(
        label=_("Why is the matter not settled?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why you reopen the complaint.")})
    version = forms.IntegerField(widget=forms.HiddenInput(), min_value=1)
