"""Pages of block registration: the list (with downloads), the request form and a session's page with its history
and the municipality's steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zicht.core.exports import ExportableListView
from zicht.core.scopes import scope_of

from . import block_selectors as selectors
from . import block_services as services
from . import block_workflow
from .block_forms import (
    BlockRegistrationFilterSet,
    BlockRequestForm,
    CancelForm,
    CompleteForm,
    DeclineForm,
    OnLocationForm,
    PlanForm,
)
from .block_permissions import (
    may_cancel_block_registration,
    may_handle_block_registration,
    may_record_on_location,
    may_request_block_registration,
    requesting_organisation,
)
from .choices import BlockRegistrationStatus as S


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors at the form's fields, or above the form for fields it does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class BlockRegistrationListView(ExportableListView):
    template_name = "occupancy/block_list.html"
    context_object_name = "blocks"
    filterset_class = BlockRegistrationFilterSet
    export_filename = "blokinschrijvingen"
    export_subject = "occupancy.blockregistration"
    export_columns = [
        (gettext_lazy("Aangevraagd op"), lambda b: b.requested_at),
        (gettext_lazy("Gemeente"), lambda b: b.municipality.name),
        (gettext_lazy("Aanvrager"), lambda b: b.agency.name),
        (gettext_lazy("KvK-nummer"), lambda b: b.agency.kvk_number),
        (gettext_lazy("Locatie"), lambda b: b.location.name if b.location_id else ""),
        (gettext_lazy("Aantal personen"), lambda b: b.group_size),
        (gettext_lazy("Plaats"), lambda b: b.place),
        (gettext_lazy("Voorgestelde data"), lambda b: b.proposed_dates),
        (gettext_lazy("Status"), lambda b: b.get_status_display()),
        (gettext_lazy("Gepland op"), lambda b: b.planned_at),
        (gettext_lazy("Ingeschreven"), lambda b: b.registered_count),
        (gettext_lazy("Op locatie"), lambda b: _("ja") if b.on_location else _("nee")),
        (gettext_lazy("Toelichting"), lambda b: b.decision_note),
    ]

    def get_base_queryset(self) -> QuerySet:
        return selectors.block_registrations_visible_to(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["may_create"] = may_request_block_registration(user) or may_record_on_location(user)
        return context


@login_required
def block_create(request):
    """An agency's request, or (for municipal registration and inspection staff) a registration on location."""
    user = request.user
    if may_request_block_registration(user):
        form = BlockRequestForm(request.POST or None, organisation=requesting_organisation(user))
        on_location = False
    elif may_record_on_location(user):
        form = OnLocationForm(request.POST or None, municipality_id=scope_of(user).municipality_id)
        on_location = True
    else:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            if on_location:
                block = services.block_record_on_location(by=user, data=form.cleaned_data)
            else:
                block = services.block_request(by=user, data=form.request_data())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("De inschrijving op locatie is vastgelegd.")
                if on_location
                else _("De blokinschrijving is aangevraagd. De gemeente neemt contact met u op."),
            )
            return redirect("occupancy:block_detail", pk=block.pk)
    return render(request, "occupancy/block_form.html", {"form": form, "on_location": on_location})


# The municipality's steps on a session's page: (form class, status it leads to).
ACTIONS = {
    "plan": (PlanForm, S.PLANNED),
    "decline": (DeclineForm, S.DECLINED),
    "complete": (CompleteForm, S.COMPLETED),
    "cancel": (CancelForm, S.CANCELLED),
}
SUCCESS = {
    "plan": gettext_lazy("De sessie is ingepland."),
    "decline": gettext_lazy("De aanvraag is afgewezen."),
    "complete": gettext_lazy("De uitkomst is vastgelegd."),
    "cancel": gettext_lazy("De blokinschrijving is geannuleerd."),
}


def _allowed_actions(user, block) -> list[str]:
    handles = may_handle_block_registration(user, block)
    allowed = []
    for name, (_form, status) in ACTIONS.items():
        if not block_workflow.COURSE.may_transition(block.status, status):
            continue
        permitted = may_cancel_block_registration(user, block) if name == "cancel" else handles
        if permitted:
            allowed.append(name)
    return allowed


def _perform(name: str, block, user, data: dict):
    if name == "plan":
        return services.block_plan(block=block, by=user, planned_at=data["planned_at"], note=data["note"])
    if name == "decline":
        return services.block_decline(block=block, by=user, note=data["note"])
    if name == "complete":
        return services.block_complete(
            block=block, by=user, registered_count=data["registered_count"], note=data["note"]
        )
    return services.block_cancel(block=block, by=user, note=data["note"])


@login_required
def block_detail(request, pk: int):
    block = selectors.block_registration_detail_visible_to(request.user, pk)
    allowed = _allowed_actions(request.user, block)
    posted = request.POST.get("action") if request.method == "POST" else None
    if request.method == "POST" and posted not in allowed:
        raise PermissionDenied
    forms = {}
    for name in allowed:
        form_class = ACTIONS[name][0]
        initial = {"planned_at": block.planned_at} if name == "plan" and block.planned_at else None
        forms[name] = form_class(request.POST if name == posted else None, prefix=name, initial=initial)
    if posted is not None and forms[posted].is_valid():
        try:
            _perform(posted, block, request.user, forms[posted].cleaned_data)
        except ValidationError as error:
            apply_errors(forms[posted], error)
        else:
            messages.success(request, SUCCESS[posted])
            return redirect("occupancy:block_detail", pk=block.pk)
    context = {
        "block": block,
        "history": selectors.block_history(block),
        "forms": forms,
        "certification_warning": selectors.certification_warning(block.agency),
    }
    return render(request, "occupancy/block_detail.html", context)
