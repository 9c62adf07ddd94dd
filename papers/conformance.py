"""Two checkers no one here wrote, run on a rendered paper: ``page`` and ``outloud``.

- ``page`` (PyPI ``page-validation``): PDF/UA-1 (profile ``ua1``) and PDF/A-2a
  (profile ``2a``), rule by rule; a paper passes when no rule fails.
- ``outloud``: PDF/UA-1 and WCAG 2.2 checks, including semantic ones (alt text
  that reads as words, paint order); a paper passes with no error. Warnings
  are printed and counted, not failed on.

Both are development dependencies (the ``dev`` extra): ``manage.py
papers_validate`` and the tests use them, a render never does.
"""

import os
import tempfile
from dataclasses import dataclass, field

#: The ``page`` profiles every paper must pass.
PAGE_PROFILES = ("ua1", "2a")


@dataclass
class Verdict:
    name: str
    pages: int = 0
    #: ``profile -> (passed, total, [failed rule ids with message])``
    page: dict[str, tuple[int, int, list[str]]] = field(default_factory=dict)
    outloud_errors: int = 0
    outloud_warnings: int = 0
    outloud_findings: list[str] = field(default_factory=list)
    outloud_unreadable: str | None = None

    @property
    def ok(self) -> bool:
        return (
            all(not failed for _p, _t, failed in self.page.values())
            and not self.outloud_errors
            and self.outloud_unreadable is None
        )

    def summary_lines(self) -> list[str]:
        """One line per validator, as ``make validate-papers`` prints them."""
        lines = []
        for profile, (passed, total, failed) in self.page.items():
            state = "PASS" if not failed else "FAIL"
            lines.append(
                f"{state}  page {profile:<4} {self.name}: {passed}/{total} rules passed,"
                f" {len(failed)} failed"
            )
            lines.extend(f"        {line}" for line in failed)
        state = "PASS" if not (self.outloud_errors or self.outloud_unreadable) else "FAIL"
        detail = self.outloud_unreadable or (
            f"{self.outloud_errors} error(s), {self.outloud_warnings} warning(s)"
        )
        lines.append(f"{state}  outloud   {self.name}: {detail} [{self.pages} page(s)]")
        lines.extend(f"        {line}" for line in self.outloud_findings)
        return lines


def validate_pdf(content: bytes, name: str = "paper.pdf") -> Verdict:
    """Run both checkers on ``content`` (the bytes of a PDF)."""
    import outloud
    import page

    verdict = Verdict(name=name)
    for profile in PAGE_PROFILES:
        report = page.validate_pdf_bytes(content, profile=profile)
        failed = [f"{f.rule_id}: {f.message}" for f in report.failures]
        verdict.page[profile] = (report.rules.passed, report.rules.total, failed)
        verdict.pages = report.document.page_count
    # outloud reads a file
    handle, path = tempfile.mkstemp(suffix=".pdf", prefix="plenum-paper-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        result = outloud.check(path)
    finally:
        os.unlink(path)
    verdict.outloud_unreadable = result.error
    verdict.outloud_errors, verdict.outloud_warnings = result.errors, result.warnings
    verdict.outloud_findings = [
        f"{f.severity.upper()} {f.rule} p.{f.page or '-'}: {f.message}"
        for f in result.sorted_findings()
        if f.severity in ("error", "warning")
    ]
    return verdict
