"""Upload pages (mounted at /bewoning/aanleveringen/): deliver a file, follow its progress, read or download the
errors. The ingest runs as a background task (`zicht worker`); the page polls a fragment."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.error_files import error_file_response
from zicht.core.tabular import ACCEPTED_SUFFIXES

from .choices import UploadChannel, UploadKind
from .ingest.access import upload_kinds_for, uploads_visible_to
from .ingest.submit import max_upload_bytes, max_upload_size_text, request_too_large, submit_upload
from .ingest.validation import COLUMNS
from .models import Upload


def _too_large_message() -> str:
    return _("Het bestand is groter dan %(max)s. Splits het in kleinere bestanden.") % {"max": max_upload_size_text()}


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort bestand"), widget=forms.RadioSelect)
    file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}))

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind, UploadKind(kind).label) for kind in kinds]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        self.fields["file"].label = _("Bestand (CSV, XLSX of JSON, ten hoogste %(max)s)") % {
            "max": max_upload_size_text()
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(_("Kies een CSV-, XLSX- of JSON-bestand."))
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(_too_large_message())
        return upload


def _kinds_or_403(user) -> list[str]:
    kinds = upload_kinds_for(user)
    if not kinds:
        raise PermissionDenied
    return kinds


@login_required
def upload_list(request):
    kinds = _kinds_or_403(request.user)
    page = Paginator(uploads_visible_to(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "occupancy/upload_list.html", {"uploads": page, "page_obj": page, "kinds": kinds})


@login_required
def upload_new(request):
    kinds = _kinds_or_403(request.user)
    columns = {kind: COLUMNS[kind] for kind in kinds}
    if request.method == "POST" and request_too_large(request):
        # Refused by its declared length, before the file is stored or validated.
        context = {"form": UploadForm(kinds=kinds), "columns": columns, "refused": _too_large_message()}
        return render(request, "occupancy/upload_new.html", context, status=413)
    form = UploadForm(request.POST or None, request.FILES or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        upload = submit_upload(
            kind=form.cleaned_data["kind"],
            delivered=form.cleaned_data["file"],
            channel=UploadChannel.WEB,
            user=request.user,
        )
        return redirect("occupancy:upload_detail", pk=upload.pk)
    return render(request, "occupancy/upload_new.html", {"form": form, "columns": columns})


def _visible_upload(request, pk: int) -> Upload:
    _kinds_or_403(request.user)
    return get_object_or_404(uploads_visible_to(request.user), pk=pk)


@login_required
def upload_detail(request, pk: int):
    upload = _visible_upload(request, pk)
    return render(request, "occupancy/upload_detail.html", {"upload": upload})


@login_required
def upload_status(request, pk: int):
    """The status fragment the detail page polls while the upload runs."""
    upload = _visible_upload(request, pk)
    return render(request, "occupancy/_upload_status.html", {"upload": upload})


@login_required
def upload_errors(request, pk: int):
    upload = _visible_upload(request, pk)
    more = upload.error_count - len(upload.errors)
    return error_file_response(upload.errors, more=more, filename=f"aanlevering-{upload.pk}-fouten.csv")
