"""What papers do when something below them changes."""

from django.dispatch import receiver

from translations.signals import translation_saved


@receiver(translation_saved, dispatch_uid="papers-translation-saved")
def render_translated_paper(sender, *, proposal_id: int, language: str, **kwargs) -> None:
    from papers.services import paper_translation_changed

    paper_translation_changed(proposal_id=proposal_id, language=language)
