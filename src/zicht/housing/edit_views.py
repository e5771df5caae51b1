"""Pages of the housing register that write: a location's form, its status, the review of an initiative, its units.

Each page checks scope first (a location outside it is a 404) and then the permission (a 403), validates with a form
and writes only through `services`; after a successful POST it redirects (POST-redirect-GET).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from zicht.geography import services as geography_services

from . import selectors, services
from .forms import LocationForm, ReviewForm, StatusForm, UnitForm
from .models import Location, Unit


def _scoped_location(request, pk: int) -> Location:
    # Scoped like the location's page, but without its prefetched units: the services re-read them after a change.
    return get_object_or_404(selectors.location_list_visible_to(request.user), pk=pk)


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _location_data(form: LocationForm) -> dict:
    """The form's fields plus the address its postcode and number name (created when new)."""
    data = form.location_data()
    if form.has_address():
        municipality = form.cleaned_data.get("municipality") or form.instance.municipality
        data["address"] = geography_services.address_get_or_create(
            postcode=form.cleaned_data["postcode"],
            house_number=form.cleaned_data["house_number"],
            addition=form.cleaned_data["addition"],
            municipality=municipality,
            lat=form.cleaned_data.get("lat"),
            lon=form.cleaned_data.get("lon"),
        )
    else:
        data["address"] = None
    return data


@login_required
def location_create(request):
    _require(request, "housing.add_location")
    form = LocationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                location = services.location_create(by=request.user, data=_location_data(form))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Locatie %(name)s is geregistreerd.") % {"name": location.name})
            return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/location_form.html", {"form": form, "location": None})


@login_required
def location_update(request, pk: int):
    location = _scoped_location(request, pk)
    _require(request, "housing.change_location", location)
    # The form works on its own copy: the service compares the stored location with what was typed.
    form = LocationForm(request.POST or None, instance=Location.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                changed = services.location_update(location=location, by=request.user, data=_location_data(form))
        except ValidationError as error:
            location.refresh_from_db()  # the service may have set fields before it refused
            form.add_service_error(error)
        else:
            if changed:
                messages.success(request, _("De wijzigingen zijn opgeslagen."))
            else:
                messages.info(request, _("Er was niets gewijzigd."))
            return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/location_form.html", {"form": form, "location": location})


@login_required
def location_status(request, pk: int):
    location = _scoped_location(request, pk)
    _require(request, "housing.change_location_status", location)
    form = StatusForm(request.POST or None, location=location)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_change_status(
                location=location,
                to_status=form.cleaned_data["to_status"],
                on=form.cleaned_data["on"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("De status is gewijzigd in %(status)s.") % {"status": location.get_status_display()}
            )
            return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/location_status.html", {"form": form, "location": location})


@login_required
def location_review(request, pk: int):
    location = _scoped_location(request, pk)
    _require(request, "housing.review_location", location)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.location_review(
                location=location,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, _("De beoordeling is vastgelegd: %(review)s.") % {"review": location.get_review_display()}
            )
            return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/location_review.html", {"form": form, "location": location})


def _editable_location(request, pk: int) -> Location:
    location = _scoped_location(request, pk)
    _require(request, "housing.change_location", location)
    return location


@login_required
def unit_create(request, pk: int):
    location = _editable_location(request, pk)
    form = UnitForm(request.POST or None, instance=Unit(location=location))
    return _unit_form(request, location, form, unit=None)


@login_required
def unit_update(request, pk: int, unit_pk: int):
    location = _editable_location(request, pk)
    unit = get_object_or_404(Unit, location=location, pk=unit_pk)
    form = UnitForm(request.POST or None, instance=Unit.objects.get(pk=unit.pk))
    return _unit_form(request, location, form, unit=unit)


def _unit_form(request, location: Location, form: UnitForm, unit: Unit | None):
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.unit_save(location=location, by=request.user, data=form.unit_data(), unit=unit)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Unit %(name)s is opgeslagen.") % {"name": saved.name})
            return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/unit_form.html", {"form": form, "location": location, "unit": unit})


@login_required
def unit_delete(request, pk: int, unit_pk: int):
    location = _editable_location(request, pk)
    unit = get_object_or_404(Unit, location=location, pk=unit_pk)
    if request.method == "POST":
        services.unit_delete(unit=unit, by=request.user)
        messages.success(request, _("Unit %(name)s is verwijderd.") % {"name": unit.name})
        return redirect("housing:location_detail", pk=location.pk)
    return render(request, "housing/unit_confirm_delete.html", {"location": location, "unit": unit})
