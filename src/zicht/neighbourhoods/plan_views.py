"""Pages of the neighbourhood plans (wijkplannen): list, detail with measures, and the forms that write them.

Reading follows the profile's rules (municipal staff, region, province, administrators); writing is for the
municipality's policy officers and administrators. Writes go through services.py, which audits them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.exports import ExportableListView

from . import selectors, services
from .filters import PlanFilterSet
from .forms import MeasureForm, PlanForm
from .permissions import may_edit_plan, may_read_neighbourhoods, may_write_plans


def apply_errors(form, error: ValidationError) -> None:
    """A service's validation errors at the form's fields, or above the form for fields it does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _neighbourhood_names(plan) -> str:
    return ", ".join(item.name for item in plan.neighbourhoods.all())


class PlanListView(ExportableListView):
    template_name = "neighbourhoods/plan_list.html"
    context_object_name = "plans"
    filterset_class = PlanFilterSet
    export_filename = "wijkplannen"
    export_subject = "neighbourhoods.neighbourhoodplan"
    export_columns = [
        (gettext_lazy("Naam"), lambda plan: plan.name),
        (gettext_lazy("Gemeente"), lambda plan: plan.municipality.name),
        (gettext_lazy("Wijk"), lambda plan: plan.district.name if plan.district_id else ""),
        (gettext_lazy("Buurten"), _neighbourhood_names),
        (gettext_lazy("Status"), lambda plan: plan.get_status_display()),
        (gettext_lazy("Vastgesteld op"), lambda plan: plan.adopted_on),
        (gettext_lazy("Looptijd vanaf"), lambda plan: plan.starts_on),
        (gettext_lazy("Looptijd tot"), lambda plan: plan.ends_on),
        (gettext_lazy("Maatregelen"), lambda plan: plan.measure_count),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may_read_neighbourhoods(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self) -> QuerySet:
        return selectors.plan_list_visible_to(self.request.user).prefetch_related("neighbourhoods")

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["may_write_plans"] = may_write_plans(self.request.user)
        return context


def _readable_plan(request, pk: int):
    if not may_read_neighbourhoods(request.user):
        raise PermissionDenied
    return selectors.plan_detail_visible_to(request.user, pk)


def _editable_plan(request, pk: int):
    plan = _readable_plan(request, pk)
    if not may_edit_plan(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def plan_detail(request, pk: int):
    plan = _readable_plan(request, pk)
    context = {
        "plan": plan,
        "measures": list(plan.measures.all()),
        "neighbourhoods": list(plan.neighbourhoods.all()),
        "may_edit": may_edit_plan(request.user, plan),
    }
    return render(request, "neighbourhoods/plan_detail.html", context)


@login_required
def plan_create(request):
    if not may_write_plans(request.user):
        raise PermissionDenied
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                municipality=form.cleaned_data["municipality"],
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                by=request.user,
                request=request,
                **form.plan_data(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Het wijkplan is opgeslagen."))
            return redirect("neighbourhoods:plan_detail", pk=plan.pk)
    return render(request, "neighbourhoods/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request, pk: int):
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, user=request.user, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                plan=plan,
                data=form.plan_data(),
                neighbourhoods=form.cleaned_data["neighbourhoods"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("De wijzigingen in het wijkplan zijn opgeslagen."))
            return redirect("neighbourhoods:plan_detail", pk=plan.pk)
    return render(request, "neighbourhoods/plan_form.html", {"form": form, "plan": plan})


def _measure_form_page(request, plan, form, measure=None):
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_save(plan=plan, measure=measure, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            done = _("De maatregel is toegevoegd.") if measure is None else _("De maatregel is gewijzigd.")
            messages.success(request, done)
            return redirect("neighbourhoods:plan_detail", pk=plan.pk)
    return render(request, "neighbourhoods/measure_form.html", {"form": form, "plan": plan, "measure": measure})


@login_required
def measure_create(request, pk: int):
    plan = _editable_plan(request, pk)
    return _measure_form_page(request, plan, MeasureForm(request.POST or None))


def _editable_measure(request, pk: int):
    if not may_read_neighbourhoods(request.user):
        raise PermissionDenied
    measure = selectors.measure_visible_to(request.user, pk)
    if not may_edit_plan(request.user, measure.plan):
        raise PermissionDenied
    return measure


@login_required
def measure_edit(request, pk: int):
    measure = _editable_measure(request, pk)
    form = MeasureForm(request.POST or None, measure=measure)
    return _measure_form_page(request, measure.plan, form, measure)


@login_required
def measure_delete(request, pk: int):
    measure = _editable_measure(request, pk)
    plan = measure.plan
    if request.method == "POST":
        services.measure_delete(measure=measure, by=request.user, request=request)
        messages.success(request, _("De maatregel %(title)s is verwijderd.") % {"title": measure.title})
        return redirect("neighbourhoods:plan_detail", pk=plan.pk)
    return render(request, "neighbourhoods/measure_confirm_delete.html", {"measure": measure, "plan": plan})
