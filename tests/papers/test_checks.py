"""The papers system check."""


def test_system_check_warns_without_harfbuzz_subset(monkeypatch):
    from papers import checks

    assert checks.harfbuzz_subset() == []  # installed here (.ci/run installs it)
    monkeypatch.setattr(checks, "harfbuzz_subset_available", lambda: False)
    assert [w.id for w in checks.harfbuzz_subset()] == ["papers.W001"]
