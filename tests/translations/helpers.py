"""Filling a translation in tests."""


def fill(proposal, language, actor, words=None):
    """Translate every unit of ``language``: ``words(source) -> text`` (default
    ``"[fr] " + source``). Returns the saved translation."""
    from translations.selectors import translation_detail
    from translations.services import translation_update

    words = words or (lambda source: f"[{language}] {source}")
    detail = translation_detail(proposal=proposal, language=language)
    return translation_update(
        proposal=proposal,
        language=language,
        actor=actor,
        revision=detail["revision"],
        title=words(detail["title_unit"]["source"]),
        summary=words(detail["summary_unit"]["source"])
        if detail["summary_unit"]["source"]
        else None,
        sections=[
            {
                "section": s["section"],
                **({"heading": words(s["source_heading"])} if s["source_heading"] else {}),
                "paragraphs": [
                    {"paragraph": p["paragraph"], "text": words(p["source"])}
                    for p in s["paragraphs"]
                ],
            }
            for s in detail["sections"]
        ],
    )


def fill_all(proposal, actor):
    """Every translated language filled with the source text itself (a translation
    equal to its source is complete): for tests about something else."""
    for language in proposal.translation_languages():
        fill(proposal, language, actor, lambda source: source)
