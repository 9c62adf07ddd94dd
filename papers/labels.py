"""The fixed words of the paper and of the public register, translated where they are used.

A paper is printed in *its* language, whatever the language of the request
or worker that renders it, so its words are looked up in Python under
``translation.override(paper.language)`` and handed to the template. Keeping
every msgid in ``papers/*.py`` also keeps them in ``papers/locale`` when
``makemessages`` runs from the project root (it files strings of
``templates/`` under the project's ``locale/`` instead). Languages without a
catalogue fall back to English.
"""

from django.utils.translation import gettext as _


def paper_labels() -> dict[str, str]:
    """Words of the print template, in the active language."""
    return {
        "draft_watermark": _("DRAFT — not an adopted position"),
        "doctype": _("Position paper"),
        "doctype_draft": _("Draft position paper"),
        "reference": _("Reference"),
        "status": _("Status"),
        "draft_of": _("Draft of"),
        "adopted_on": _("Adopted on"),
        "working_group": _("Working group"),
        "procedure": _("Procedure"),
        "language": _("Language"),
        "translation_unfinished": _("Translation not finished"),
        "summary": _("Summary"),
        "contents": _("Contents"),
        "vote_result": _("Vote result"),
        "consultation_report": _("Consultation report"),
        "how_organisations_voted": _("How the member organisations voted"),
        "chart_title": _("Votes cast, by weight"),
        # the totals of the vote, as EU institutions print them (a ballot's own choice,
        # "Yes", is in ``choice_labels``)
        "in_favour": _("In favour"),
        "against": _("Against"),
        "abstentions": _("Abstentions"),
        "by_weight": _("(by weight)"),
        "turnout": _("Turnout"),
        "quorum": _("Quorum"),
        "met": _("met"),
        "not_met": _("not met"),
        "majority_required": _("Majority required"),
        "secret_ballot": _("The ballot was secret: only the totals are published."),
        "open_ballot": _(
            "The ballot was open: each member organisation's vote is published with its weight."
        ),
        "organisations_took_part": _("Organisations that took part"),
        "comments": _("Comments"),
        "amendments": _("Amendments"),
        # the report's counts: the noun first, so no word agrees with the number
        # (an amendment's own decision, "Accepted", is in ``amendment_status_labels``)
        "amendments_accepted": _("Amendments accepted"),
        "amendments_accepted_with_changes": _("Amendments accepted with changes"),
        "amendments_rejected": _("Amendments rejected"),
        "amendments_not_decided": _("Amendments not decided"),
        "no_consultation_input": _("No comments or amendments were made during the consultation."),
        "by_section": _("Comments and amendments by section"),
        "section": _("Section"),
        "whole_proposal": _("The proposal as a whole"),
        "amendments_and_decisions": _("Amendments and the working group's decisions"),
        "justification": _("Justification"),
        "response": _("Response of the working group"),
        "organisation": _("Organisation"),
        "weight": _("Weight"),
        "vote": _("Vote"),
    }


def choice_labels() -> dict[str, str]:
    """A ballot's choice, as the chart and the list of ballots print it."""
    return {"yes": _("Yes"), "no": _("No"), "abstain": _("Abstain")}


def amendment_status_labels() -> dict[str, str]:
    """An amendment's decision, as the report prints it beside the amendment."""
    return {
        "proposed": _("Not decided"),
        "accepted": _("Accepted"),
        "accepted_with_changes": _("Accepted with changes"),
        "rejected": _("Rejected"),
    }


def register_labels() -> dict[str, str]:
    """Words of the public register page, in the active (request) language."""
    return {
        "title": _("Position papers"),
        "intro": _(
            "The positions adopted by the network's member organisations and approved by "
            "its board, as published. Each file is permanent: its address and its SHA-256 "
            "checksum never change."
        ),
        "feed": _("Atom feed"),
        "published": _("published"),
        "adopted": _("adopted"),
        "language": _("Language"),
        "file": _("File"),
        "size": _("Size"),
        "empty": _("No position paper has been published yet."),
        "full_checksum": _("show the full checksum"),
    }
