"""Pages of the regional convenant: convenants, the next meeting's agenda, and the signals about parties."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zicht.core.exports import ExportableListView

from . import convenant_selectors as selectors
from . import services, workflow
from .filters import SignalFilterSet
from .forms import SignalForm, SignalStatusForm
from .permissions import may_handle_signal, may_manage_convenant, may_raise_signals


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's validation errors at the form's fields, or above the form for fields it does not have."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def convenant_list(request):
    context = {
        "convenants": selectors.convenant_list_visible_to(request.user),
        "show_signals": selectors.may_see_signals(request.user),
    }
    return render(request, "parties/convenant_list.html", context)


@login_required
def convenant_detail(request, pk: int):
    convenant = selectors.convenant_detail_visible_to(request.user, pk)
    show_signals = selectors.may_see_signals(request.user)
    context = {
        "convenant": convenant,
        "topics": selectors.agreements_by_topic(convenant),
        "signatories": selectors.signatories_of(convenant),
        "meetings": selectors.meetings_of(convenant),
        "next_meeting": selectors.next_meeting(convenant),
        "show_signals": show_signals,
        "may_raise": show_signals and may_raise_signals(request.user),
    }
    return render(request, "parties/convenant_detail.html", context)


@login_required
def convenant_agenda(request, pk: int):
    convenant = selectors.convenant_detail_visible_to(request.user, pk)
    if not selectors.may_see_signals(request.user):
        raise Http404  # market parties see the convenant, never the signals on its agenda
    upcoming = selectors.next_meeting(convenant)
    signals = selectors.agenda(convenant, upcoming.meeting if upcoming else None, request.user) if upcoming else []
    context = {
        "convenant": convenant,
        "next_meeting": upcoming,
        "signals": signals,
        "may_schedule": upcoming is not None and not upcoming.planned and may_manage_convenant(request.user, convenant),
    }
    return render(request, "parties/convenant_agenda.html", context)


@login_required
@require_POST
def convenant_meeting_schedule(request, pk: int):
    convenant = selectors.convenant_detail_visible_to(request.user, pk)
    if not may_manage_convenant(request.user, convenant):
        raise PermissionDenied
    upcoming = selectors.next_meeting(convenant)
    if upcoming is None or upcoming.planned:
        messages.info(request, _("Het volgende overleg is al gepland."))
        return redirect("parties:convenant_agenda", pk=convenant.pk)
    try:
        meeting = services.meeting_schedule(convenant=convenant, by=request.user, date=upcoming.date)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Het overleg van %(date)s is gepland.") % {"date": meeting.date.strftime("%d-%m-%Y")}
        )
    return redirect("parties:convenant_agenda", pk=convenant.pk)


def _raised_by(signal) -> str:
    if not signal.raised_by_id:
        return ""
    return signal.raised_by.get_full_name() or signal.raised_by.get_username()


class SignalListView(ExportableListView):
    template_name = "parties/signal_list.html"
    context_object_name = "signals"
    filterset_class = SignalFilterSet
    export_filename = "signalen"
    export_subject = "parties.signal"
    export_columns = [
        (gettext_lazy("Gemeld op"), lambda s: s.raised_on),
        (gettext_lazy("Convenant"), lambda s: s.convenant.title),
        (gettext_lazy("Regio"), lambda s: s.convenant.region.name),
        (gettext_lazy("Betreft partij"), lambda s: s.organisation.name),
        (gettext_lazy("KvK-nummer"), lambda s: s.organisation.kvk_number),
        (gettext_lazy("Afspraak"), lambda s: s.get_topic_display()),
        (gettext_lazy("Onderwerp"), lambda s: s.subject),
        (gettext_lazy("Beschrijving"), lambda s: s.description),
        (gettext_lazy("Gemeld door gemeente"), lambda s: s.raised_by_municipality.name),
        (gettext_lazy("Gemeld door"), _raised_by),
        (gettext_lazy("Status"), lambda s: s.get_status_display()),
        (gettext_lazy("Overleg"), lambda s: s.meeting.date if s.meeting_id else None),
        (gettext_lazy("Uitkomst"), lambda s: s.outcome),
    ]

    def get_base_queryset(self) -> QuerySet:
        return selectors.signal_list_visible_to(self.request.user)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        context["may_raise"] = may_raise_signals(self.request.user)
        return context


@login_required
def signal_create(request):
    if not may_raise_signals(request.user):
        raise PermissionDenied
    form = SignalForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.signal_raise(
                convenant=form.cleaned_data["convenant"],
                by=request.user,
                data=form.signal_data(),
                municipality=form.cleaned_data.get("raised_by_municipality"),
            )
        except PermissionDenied:
            form.add_error("convenant", _("U kunt onder dit convenant geen signaal melden."))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Het signaal is gemeld en gedeeld met de gemeenten in de regio."))
            return redirect("parties:signal_detail", pk=signal.pk)
    return render(request, "parties/signal_form.html", {"form": form})


@login_required
def signal_detail(request, pk: int):
    signal = selectors.signal_detail_visible_to(request.user, pk)
    may_handle = may_handle_signal(request.user, signal)
    form = None
    if may_handle and not workflow.COURSE.is_final(signal.status):
        form = SignalStatusForm(request.POST or None, signal=signal)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.signal_change_status(
                signal=signal,
                by=request.user,
                status=form.cleaned_data["status"],
                meeting=form.cleaned_data["meeting"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("De status van het signaal is gewijzigd."))
            return redirect("parties:signal_detail", pk=signal.pk)
    context = {"signal": signal, "history": selectors.signal_history(signal), "form": form}
    return render(request, "parties/signal_detail.html", context)
