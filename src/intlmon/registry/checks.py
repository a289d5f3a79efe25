"""System checks that fail fast on a deployment that cannot work (healthchecks-style)."""

from django.conf import settings
from django.core.checks import Error, register


@register()
def check_data_dir(app_configs, **kwargs):
    errors = []
    registry_dir = settings.DATA_DIR / "registry"
    if not registry_dir.is_dir():
        errors.append(
            Error(
                f"The shipped data directory {registry_dir} is missing.",
                hint="Set INTLMON_DATA_DIR to the project's data/ folder.",
                id="intlmon.E001",
            )
        )
    return errors
