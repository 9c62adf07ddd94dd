"""System check: papers are reproducible only with HarfBuzz-Subset."""

from django.core import checks

from papers.render import harfbuzz_subset_available


@checks.register()
def harfbuzz_subset(app_configs=None, **kwargs):
    if harfbuzz_subset_available():
        return []
    return [
        checks.Warning(
            "WeasyPrint did not find HarfBuzz-Subset: fonts are subset by fontTools, slower.",
            hint="apt-get install libharfbuzz-subset0 (see README).",
            id="papers.W001",
        )
    ]
