"""`/api/v1/occupancy-uploads`: deliver an occupancy list or BRP extract (synchronously) and read past deliveries."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from zicht.core.api.problems import PROBLEM_CONTENT_TYPE, problem_body
from zicht.housing.api.serializers import ProblemSerializer

from ..choices import UploadChannel, UploadKind, UploadStatus
from ..ingest import run_ingest
from ..ingest.access import ingest_scope, upload_kinds_for, uploads_visible_to
from ..ingest.reading import ACCEPTED_SUFFIXES
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


def invalid_params(upload: Upload) -> list[dict]:
    """The upload's row errors as RFC 9457 invalid-params: `row 3: bsn`, `row 1` (header) or `file`."""
    params = []
    for error in upload.errors:
        row, column = error.get("row"), error.get("field")
        name = (f"row {row}: {column}" if column else f"row {row}") if row else "file"
        params.append({"name": name, "reason": error["reason"], "code": "invalid"})
    return params


PROBLEMS = {(code, PROBLEM_CONTENT_TYPE): ProblemSerializer for code in (400, 401, 403, 422)}


@extend_schema_view(
    list=extend_schema(
        summary="The uploads the caller made or may see",
        description="A market party sees its organisation's uploads, a municipality those for its area.",
        responses={200: UploadSerializer(many=True), **{k: v for k, v in PROBLEMS.items() if k[0] == 401}},
    ),
    retrieve=extend_schema(
        summary="One upload with its outcome",
        responses={200: UploadSerializer, (404, PROBLEM_CONTENT_TYPE): ProblemSerializer},
    ),
    create=extend_schema(
        summary="Deliver an occupancy list or a BRP extract",
        description=(
            "Processed synchronously and all or nothing. Occupancy header: "
            "`bsn,location_ref,from,to,work_municipality,employer_kvk,agency_kvk`; BRP header: "
            "`bsn,registration,municipality,postcode,house_number,from,to`. 201 with the counts, or 422 "
            "problem+json listing every row error (the first 1000) in `invalid_params` and their number in "
            "`error_count`. A BSN is never echoed."
        ),
        request={"multipart/form-data": UploadCreateSerializer},
        responses={201: UploadSerializer, **PROBLEMS},
    ),
)
class UploadViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = UploadSerializer
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self):
        return uploads_visible_to(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def create(self, request):
        kinds = upload_kinds_for(request.user)
        if not kinds:
            raise PermissionDenied
        incoming = UploadCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        kind, delivered = incoming.validated_data["kind"], incoming.validated_data["file"]
        if kind not in kinds:
            raise PermissionDenied(f"You may not deliver files of kind {kind!r}.")
        suffix = Path(delivered.name).suffix.lower()
        with tempfile.NamedTemporaryFile("wb", suffix=suffix, prefix="zicht-api-") as handle:
            for chunk in delivered.chunks():
                handle.write(chunk)
            handle.flush()
            upload = run_ingest(
                kind,
                Path(handle.name),
                filename=delivered.name,
                channel=UploadChannel.API,
                actor=request.user,
                **ingest_scope(request.user),
            )
        if upload.status == UploadStatus.DONE:
            return Response(UploadSerializer(upload).data, status=status.HTTP_201_CREATED)
        body = problem_body(
            422,
            detail=f"The file was rejected: {upload.error_count} error(s), nothing was stored.",
            instance=request.get_full_path(),
            code="rejected",
            invalid_params=invalid_params(upload),
            error_count=upload.error_count,
            upload=upload.pk,
        )
        return Response(body, status=422, content_type=PROBLEM_CONTENT_TYPE)
