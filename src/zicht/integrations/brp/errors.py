"""Errors of the BRP adapters. Their text never holds a BSN: whatever the server sends is redacted first."""

from __future__ import annotations

from zicht.core.privacy.logging import redact_person_numbers


class BrpNotConfigured(RuntimeError):
    """The BRP adapter was asked for while no BRP server is configured (the default)."""


class BrpError(Exception):
    """The BRP answered with an error (problem+json) or with something that is not a valid answer."""

    def __init__(
        self,
        status: int | None,
        title: str,
        detail: str = "",
        *,
        code: str = "",
        invalid_params: tuple[str, ...] = (),
    ) -> None:
        self.status = status
        self.title = redact_person_numbers(str(title or ""))[:200]
        self.detail = redact_person_numbers(str(detail or ""))[:500]
        self.code = redact_person_numbers(str(code or ""))[:50]
        # Only the names of the parameters the server rejected, never their values.
        self.invalid_params = tuple(redact_person_numbers(str(name))[:50] for name in invalid_params)
        super().__init__(self._message())

    def _message(self) -> str:
        parts = [f"BRP {self.status or '-'}: {self.title}"]
        if self.detail:
            parts.append(self.detail)
        if self.invalid_params:
            parts.append("parameters: " + ", ".join(self.invalid_params))
        return " - ".join(parts)


class BrpUnavailable(BrpError):
    """The BRP could not answer now (timeout, connection refused, 5xx, 429): try again later."""
