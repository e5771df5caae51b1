"""Forms of the convenant pages: raising a signal and moving it along its course."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zicht.core.roles import ScopeKind
from zicht.core.scopes import scope_of

from . import convenant_selectors, workflow
from .choices import MARKET_KINDS, AgreementTopic, SignalStatus
from .models import Organisation


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SignalForm(forms.Form):
    """A new signal. Municipal staff raise it for their own municipality; a coordinator names the municipality."""

    convenant = forms.ModelChoiceField(label=_("Convenant"), queryset=None, empty_label=None)
    raised_by_municipality = forms.ModelChoiceField(
        label=_("Gemeld door gemeente"), queryset=None, empty_label=_("Kies een gemeente")
    )
    organisation = forms.ModelChoiceField(
        label=_("Betreft partij"),
        queryset=Organisation.objects.filter(kind__in=MARKET_KINDS).order_by("name"),
        empty_label=_("Kies een partij"),
        help_text=_("De huisvester, het uitzendbureau of de werkgever waarover het signaal gaat."),
    )
    topic = forms.ChoiceField(
        label=_("Afspraak"),
        choices=[("", _("Kies een afspraak")), *AgreementTopic.choices],
        help_text=_("De afspraak uit het convenant die mogelijk niet wordt nagekomen."),
    )
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    description = forms.CharField(
        label=_("Beschrijving"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat is er gezien of gemeld? Noem geen namen of gegevens van personen."),
    )
    raised_on = forms.DateField(label=_("Gemeld op"), widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        convenants = convenant_selectors.convenants_open_for_signals(user)
        self.fields["convenant"].queryset = convenants
        self.fields["raised_on"].initial = timezone.localdate()
        if scope_of(user).kind == ScopeKind.MUNICIPALITY:
            # Municipal staff always raise on behalf of their own municipality.
            del self.fields["raised_by_municipality"]
        else:
            self.fields["raised_by_municipality"].queryset = convenant_selectors.raising_municipalities(convenants)
            self.fields["raised_by_municipality"].to_field_name = "code"

    def clean_raised_on(self):
        raised_on = self.cleaned_data["raised_on"]
        if raised_on > timezone.localdate():
            raise forms.ValidationError(_("De datum van melding ligt in de toekomst."))
        return raised_on

    def signal_data(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("organisation", "topic", "subject", "description", "raised_on")
        }


class SignalStatusForm(forms.Form):
    """The next step of a signal: its new status, the meeting (for the agenda) and the outcome or a note."""

    status = forms.ChoiceField(label=_("Nieuwe status"))
    meeting = forms.ModelChoiceField(
        label=_("Overleg"),
        queryset=None,
        required=False,
        empty_label=_("Geen overleg"),
        help_text=_("Verplicht bij agenderen: het overleg waarop het signaal wordt besproken."),
    )
    outcome = forms.CharField(
        label=_("Uitkomst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_('Verplicht bij "Besproken": wat het overleg heeft besloten.'),
    )
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, signal, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(SignalStatus.choices)
        statuses = workflow.COURSE.next_statuses(signal.status)
        self.fields["status"].choices = [(status, labels[status]) for status in statuses]
        self.fields["meeting"].queryset = convenant_selectors.meetings_of(signal.convenant)
        upcoming = convenant_selectors.next_meeting(signal.convenant)
        if upcoming is not None and upcoming.planned:
            self.fields["meeting"].initial = upcoming.meeting.pk
