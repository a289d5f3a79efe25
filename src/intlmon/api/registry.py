"""The registry, public and read-only: Kazakh HEIs (names in kk/ru/en, aliases, category per year, ROR id),
countries with their monitoring regions, and foreign partner organisations.

A list's answer (one page of it) is kept under the counted data stamp (`web.page_cache.public`), which holds
the registry (its counts and name lengths, and a generation every ORM write to it bumps): serialising every
HEI with its aliases and categories was the API's dearest list, and it is the same for every caller. The key
is the request's whole absolute address (the filters, the page, and the host the `next`/`previous` links are
built on).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from intlmon.api import params
from intlmon.api.serializers import CountrySerializer, InstitutionSerializer, OrganisationSerializer
from intlmon.registry.models import Country, ForeignOrganisation, Institution
from intlmon.registry.search import search
from intlmon.web import page_cache

SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="part of a name in any language")


class KeptLists:
    """A registry list's answer kept per absolute address under the counted stamp (module docstring)."""

    def list(self, request, *args, **kwargs):
        data = page_cache.public(f"api:{self.basename}-list", (request.build_absolute_uri(),),
                                 lambda: super(KeptLists, self).list(request, *args, **kwargs).data)
        return Response(data)


@extend_schema_view(list=extend_schema(parameters=[SEARCH]))
class InstitutionViewSet(KeptLists, viewsets.ReadOnlyModelViewSet):
    serializer_class = InstitutionSerializer
    queryset = Institution.objects.prefetch_related("aliases", "categories").order_by("id")

    def get_queryset(self):
        q = params.text(self.request, "q")
        if q is None:
            return self.queryset
        # registry.search: every name, acronym and alias, case-insensitive in any script on any database
        return self.queryset.filter(pk__in=[hit.id for hit in search(q, kinds=("institution",), limit=0)])


class CountryViewSet(KeptLists, viewsets.ReadOnlyModelViewSet):
    serializer_class = CountrySerializer
    queryset = Country.objects.prefetch_related("region_links").order_by("code")


@extend_schema_view(list=extend_schema(parameters=[params.COUNTRY]))
class OrganisationViewSet(KeptLists, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    queryset = ForeignOrganisation.objects.order_by("id")

    def get_queryset(self):
        country = params.text(self.request, "country")
        return self.queryset.filter(country_id=country.upper()) if country else self.queryset
