"""Form widgets shared by the apps' forms and filters."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker: it shows the date as the user's locale writes it (02-12-2026 in Dutch) and sends
    it as ISO, which is also the value it needs to be given."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
