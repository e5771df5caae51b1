"""Content negotiation: an unknown `?format=` is a bad query value (400 naming it), not a missing page.

DRF answers it with 404, as it answers an unknown format suffix on a path; in this API `format` is a documented query
parameter (the GeoJSON list, the schema), and every other bad query value answers 400 with `invalid_params`. The check
runs before authentication, so an anonymous caller gets the same 400.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class ContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        parameter = self.settings.URL_FORMAT_OVERRIDE
        requested = None if format_suffix else request.query_params.get(parameter)
        if requested and not any(renderer.format == requested for renderer in renderers):
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError({parameter: [_("Onbekend formaat; kies uit: %(formats)s.") % {"formats": formats}]})
        return super().select_renderer(request, renderers, format_suffix)
