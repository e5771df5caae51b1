"""System checks that warn an operator before something goes wrong in production."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def development_keys(app_configs, **kwargs):
    warnings = []
    if settings.PSEUDONYM_KEY == settings.INSECURE_PSEUDONYM_KEY:
        warnings.append(
            Warning(
                "The development pseudonymisation key is in use.",
                id="zicht.W001",
                hint="Set ZICHT_PSEUDONYM_KEY or ZICHT_PSEUDONYM_KEY_FILE.",
            )
        )
    return warnings
