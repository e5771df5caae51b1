"""State machines: a transition table, the statuses that may follow, and a status change under a row lock that
appends one row to an append-only history (core.models.AppendOnlyRecord).

Every app with a course (a location's lifecycle, a report, a signal, a block registration) declares its table as a
`Workflow` and changes status through `Workflow.change_status`, so a step is checked against the status the
database holds at that moment, not the one a page or client saw a while ago.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _


class TransitionNotAllowed(ValidationError):
    """A status change the table does not allow; a ValidationError, so forms and the API show it as a field error."""

    def __init__(self, message: str, *, field: str, current: str, wanted: str, allowed: list[str]):
        super().__init__({field: [ValidationError(message, code="transition_not_allowed")]})
        self.current, self.wanted, self.allowed = current, wanted, allowed


def _authenticated(by) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


class Workflow:
    """A transition table over the statuses of `states` (a TextChoices), listed in the order the choices declare."""

    def __init__(
        self,
        transitions: Mapping[str, Iterable[str]],
        *,
        states: type[models.TextChoices],
        initial: str,
        field: str = "status",
        error_field: str | None = None,
    ):
        self.order: list[str] = list(states.values)
        self.labels: dict[str, str] = dict(states.choices)
        unknown = ({*transitions} | {t for targets in transitions.values() for t in targets}) - set(self.order)
        if unknown or initial not in self.order:
            raise ValueError(
                f"unknown statuses in the transition table: {sorted(unknown | {initial} - set(self.order))}"
            )
        self.transitions: dict[str, frozenset[str]] = {
            state: frozenset(transitions.get(state, ())) for state in self.order
        }
        self.initial = initial
        self.field = field
        # The name under which forms and the API show a refused step (a status form may call it `to_status`).
        self.error_field = error_field or field

    def may_transition(self, current: str, wanted: str) -> bool:
        return wanted in self.transitions.get(current, frozenset())

    def next_statuses(self, current: str) -> list[str]:
        """The statuses that may follow `current`, in the declared order of the statuses."""
        allowed = self.transitions.get(current, frozenset())
        return [state for state in self.order if state in allowed]

    def is_final(self, status: str) -> bool:
        """True when nothing may follow the status."""
        return not self.transitions.get(status)

    def label(self, status: str) -> str:
        return str(self.labels.get(status, status))

    def check(self, current: str, wanted: str, *, seen: str | None = None) -> None:
        """Refuse a step the table does not allow, naming the statuses that may follow instead.

        `seen` is the status the caller based its decision on; when the stored status differs, the message says so.
        """
        if self.may_transition(current, wanted):
            return
        allowed = self.next_statuses(current)
        names = {"current": self.label(current), "wanted": self.label(wanted)}
        if allowed:
            message = _('Van "%(current)s" kan de status niet naar "%(wanted)s"; wel naar: %(allowed)s.') % {
                **names,
                "allowed": ", ".join(f'"{self.label(state)}"' for state in allowed),
            }
        else:
            message = _('Van "%(current)s" kan de status niet naar "%(wanted)s": na "%(current)s" volgt geen stap.') % (
                names
            )
        if seen is not None and seen != current:
            message = _("De status is intussen gewijzigd. ") + message
        raise TransitionNotAllowed(message, field=self.error_field, current=current, wanted=wanted, allowed=allowed)

    def change_status(
        self,
        instance: models.Model,
        to: str,
        *,
        by,
        history: type[models.Model],
        record: Mapping[str, Any] | Callable[[Any], Mapping[str, Any]] | None = None,
        apply: Callable[[Any, str], None] | None = None,
    ):
        """Move `instance` to status `to` under a row lock and append one history row; returns the locked instance.

        The row is read again with select_for_update, so the step is checked on the status stored now: a caller
        who saw an older status is refused when the step no longer fits. `apply(locked, from_status)` sets what
        follows from the step (and may refuse it with a ValidationError) before the row is saved; `record` gives
        the history row's own fields (a mapping, or a function of the locked instance).
        """
        model = type(instance)
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=instance.pk)
            from_status = getattr(locked, self.field)
            self.check(from_status, to, seen=getattr(instance, self.field))
            setattr(locked, self.field, to)
            if apply is not None:
                apply(locked, from_status)
            locked.save()
            extra = record(locked) if callable(record) else dict(record or {})
            history._default_manager.create(
                **{_link_to(history, model): locked},
                from_status=from_status,
                to_status=to,
                recorded_by=_authenticated(by),
                **extra,
            )
        return locked

    def record_start(self, instance: models.Model, *, by, history: type[models.Model], **fields):
        """Append the first history row of a new instance: from no status to the one it starts in."""
        return history._default_manager.create(
            **{_link_to(history, type(instance)): instance},
            from_status="",
            to_status=getattr(instance, self.field),
            recorded_by=_authenticated(by),
            **fields,
        )


def _link_to(history: type[models.Model], model: type[models.Model]) -> str:
    """The history model's foreign key to the model whose course it records."""
    for field in history._meta.get_fields():
        if isinstance(field, models.ForeignKey) and issubclass(model, field.related_model):
            return field.name
    raise TypeError(f"{history.__name__} has no foreign key to {model.__name__}")
