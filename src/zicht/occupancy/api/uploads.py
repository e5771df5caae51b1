"""`/api/v1/occupancy-uploads`: deliver an occupancy list or BRP extract (processed as a background task) and
read past deliveries and their progress."""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zicht.core.api.base import ScopedAPIMixin
from zicht.core.api.problems import PROBLEM_CONTENT_TYPE, problem_body, problems
from zicht.core.tabular import ACCEPTED_SUFFIXES

from ..choices import UploadChannel, UploadKind
from ..ingest.access import upload_kinds_for, uploads_visible_to
from ..ingest.submit import max_upload_bytes, request_too_large, submit_upload
from ..models import Upload


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="Spreadsheet row (header = 1; JSON: the object's position); 0: file")
    field = serializers.CharField(allow_blank=True, help_text="The column, empty for the row or file as a whole")
    reason = serializers.CharField()


class UploadSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.CharField(source="uploaded_by.username", default=None, read_only=True)
    organisation = serializers.CharField(source="organisation.name", default=None, read_only=True)
    municipality = serializers.CharField(source="municipality.code", default=None, read_only=True)
    errors = RowErrorSerializer(many=True, read_only=True, help_text="The first 1000 errors of a rejected upload")

    class Meta:
        model = Upload
        fields = [
            "id",
            "kind",
            "channel",
            "filename",
            "sha256",
            "status",
            "uploaded_by",
            "organisation",
            "municipality",
            "rows_total",
            "rows_done",
            "created",
            "updated",
            "unchanged",
            "error_count",
            "errors",
            "failure",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class UploadCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=UploadKind.choices)
    file = serializers.FileField(
        allow_empty_file=True, help_text='CSV, XLSX or JSON (a list of objects, or {"rows": [...]})'
    )

    def validate_file(self, value):
        if Path(value.name).suffix.lower() not in ACCEPTED_SUFFIXES:
            raise serializers.ValidationError("Use a .csv, .xlsx or .json file.")
        return value


def _too_large(request) -> Response:
    body = problem_body(
        413,
        detail=f"The file is larger than the limit of {max_upload_bytes()} bytes; split it into smaller files.",
        instance=request.get_full_path(),
        code="too_large",
        max_bytes=max_upload_bytes(),
    )
    return Response(body, status=413, content_type=PROBLEM_CONTENT_TYPE)


@extend_schema_view(
    list=extend_schema(
        summary="The uploads the caller made or may see",
        description="A market party sees its organisation's uploads, a municipality those for its area.",
        responses=UploadSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One upload with its outcome",
        responses=UploadSerializer,
    ),
    create=extend_schema(
        summary="Deliver an occupancy list or a BRP extract",
        description=(
            "Accepted for processing in the background, all or nothing: 202 with the upload (status `queued`) and "
            "its URL in `Location`; poll that URL until `status` is `done` (with the counts), `rejected` (every "
            "row error, the first 1000, in `errors`, their number in `error_count`) or `failed` (`failure`: "
            "`interrupted` by a restart or `error`; send the file again). Occupancy header: "
            "`bsn,location_ref,from,to,work_municipality,employer_kvk,agency_kvk`; BRP header: "
            "`bsn,registration,municipality,postcode,house_number,from,to`. A file over the size limit "
            "(ZICHT_UPLOAD_MAX_BYTES, default 200 MB) is refused with 413. A BSN is never echoed."
        ),
        request={"multipart/form-data": UploadCreateSerializer},
        responses={202: UploadSerializer, **problems(413)},
    ),
)
class UploadViewSet(ScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UploadSerializer
    parser_classes = [MultiPartParser, FormParser]
    visible_to = staticmethod(uploads_visible_to)

    def create(self, request):
        kinds = upload_kinds_for(request.user)
        if not kinds:
            raise PermissionDenied
        if request_too_large(request):  # before DRF reads the body
            return _too_large(request)
        incoming = UploadCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        kind, delivered = incoming.validated_data["kind"], incoming.validated_data["file"]
        if kind not in kinds:
            raise PermissionDenied(f"You may not deliver files of kind {kind!r}.")
        if delivered.size > max_upload_bytes():
            return _too_large(request)
        upload = submit_upload(kind=kind, delivered=delivered, channel=UploadChannel.API, user=request.user)
        upload.refresh_from_db()
        location = reverse("api-occupancy-upload-detail", args=[upload.pk])
        return Response(UploadSerializer(upload).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
