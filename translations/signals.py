"""``translation_saved(proposal_id, language)``: sent after a translation's save
commits. Apps above listen (papers renders the official paper again)."""

from django.dispatch import Signal

translation_saved = Signal()
