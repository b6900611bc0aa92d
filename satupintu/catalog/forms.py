"""The catalog's search and filter form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from satupintu.catalog.models import Category
from satupintu.catalog.selectors import MAX_QUERY_LENGTH, ServiceFilters, agencies_with_services
from satupintu.tenants.models import Sector, Tenant


def choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


class CatalogFilterForm(forms.Form):
    """Free text plus sector, agency and category; unknown values are ignored, never an error."""

    q = forms.CharField(label=_("Search services"), required=False, max_length=500,
                        widget=forms.TextInput(attrs={"type": "search"}))
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        choice_field(self, "sector").choices = everything + list(Sector.choices)
        choice_field(self, "category").choices = everything + list(Category.choices)
        choice_field(self, "agency").choices = everything + [
            (a.code, a.name) for a in agencies_with_services(tenant=tenant)
        ]

    def filters(self) -> ServiceFilters:
        if not self.is_bound:
            return ServiceFilters()
        # Invalid values (a stale link, a hand-edited URL) drop out instead of failing:
        # cleaned_data keeps only the fields that passed.
        self.is_valid()
        data = self.cleaned_data
        # An overlong search still searches by its beginning; a NUL byte (refused by the field,
        # and by PostgreSQL) is dropped rather than sent to the database.
        raw_q = str(self.data.get("q", "")).replace("\x00", "")[:MAX_QUERY_LENGTH]
        return ServiceFilters(
            q=data.get("q", raw_q) or "",
            sector=data.get("sector", "") or "",
            agency=data.get("agency", "") or "",
            category=data.get("category", "") or "",
        )
