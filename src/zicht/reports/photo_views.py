"""Photos with a report, streamed only to the staff who may handle the report (never served as public media)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

from .detail_views import handled_report
from .models import ReportPhoto


@login_required
def report_photo(request, pk: int, token: str):
    report = handled_report(request, pk)
    photo = ReportPhoto.objects.filter(report=report, token=token).first()
    if photo is None:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    # The stored type was set when the photo was re-encoded; the browser must not guess another one.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=f"{report.reference}-{photo.pk}.{photo.extension}"
    )
    response["Cache-Control"] = "private, max-age=600"
    return response
