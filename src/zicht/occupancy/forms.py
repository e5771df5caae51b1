"""The date chooser of the occupancy pages (the area chooser is geography.areas')."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy


class DateInput(forms.DateInput):
    """A browser date picker that reads and writes ISO dates."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AreaDateForm(forms.Form):
    """The date the figures of an occupancy page are for (default today)."""

    datum = forms.DateField(label=gettext_lazy("Peildatum"), required=False, widget=DateInput)

    def day(self) -> datetime.date:
        """The chosen date, or today when none (or an invalid one) was given."""
        if self.is_bound and self.is_valid() and self.cleaned_data.get("datum"):
            return self.cleaned_data["datum"]
        return timezone.localdate()


def date_form(request) -> AreaDateForm:
    """The date form of `?datum=`, unbound when no date was given."""
    return AreaDateForm(request.GET if request.GET.get("datum") else None)
