"""Core API: who am I."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..scopes import scope_of


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    role = serializers.CharField()
    scope_kind = serializers.CharField()
    province = serializers.CharField(allow_null=True)
    region = serializers.CharField(allow_null=True)
    municipality = serializers.CharField(allow_null=True)
    organisation = serializers.CharField(allow_null=True)


class MeView(APIView):
    """The authenticated user or API client and the scope it works in."""

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve")
    def get(self, request):
        user = request.user
        scope = scope_of(user)
        data = {
            "username": user.get_username(),
            "role": user.role,
            "scope_kind": scope.kind,
            "province": user.scope_province.code if scope.province_id else None,
            "region": user.scope_region.name if scope.region_id else None,
            "municipality": user.scope_municipality.code if scope.municipality_id else None,
            "organisation": user.organisation.name if scope.organisation_id else None,
        }
        return Response(MeSerializer(data).data)
