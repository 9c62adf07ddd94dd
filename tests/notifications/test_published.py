"""Publishing a paper tells every member, with the public download links."""

import pytest

from tests.papers import conftest as papers

# The papers tests' fixtures: a proposal voted into board review, approved (papers rendered).
make_board_review = papers.make_board_review
approve = papers.approve
media_root = papers.media_root

pytestmark = pytest.mark.django_db


def test_publishing_emails_every_representative_the_public_links(
    act,
    network,
    make_board_review,
    approve,
    secretariat,
    outbox,
):
    proposal = make_board_review(languages=("en", "fr"), title="Reserved contracts, now")
    proposal = approve(proposal)
    # approving tells the members nothing yet (the working group hears of the translation)
    assert [m for m in outbox() if not m.subject.startswith("Translation needed")] == []

    proposal = act(proposal, "publish", secretariat)

    assert proposal.state == "published"
    emails = {m.to[0]: m for m in outbox() if not m.subject.startswith("Translation needed")}
    assert network["ana"].email in emails and network["dario"].email in emails
    assert network["sleeping"].email not in emails and network["outsider"].email not in emails
    from members.models import User

    expected = set(
        User.objects.filter(
            is_active=True, organisation__isnull=False, organisation__active=True
        ).values_list("email", flat=True)
    )
    assert set(emails) == expected
    ana = emails[network["ana"].email]
    assert ana.subject == f"Position paper published: {proposal.reference} Reserved contracts, now"
    ref = proposal.reference
    assert f"- English: http://127.0.0.1:8000/papers/{ref}/en.pdf" in ana.body
    assert f"- Français: http://127.0.0.1:8000/papers/{ref}/fr.pdf" in ana.body
    assert "Every published paper: http://127.0.0.1:8000/papers/" in ana.body
    assert f'href="http://127.0.0.1:8000/papers/{ref}/fr.pdf"' in ana.alternatives[0][0]
    bruno = emails[network["bruno"].email]
    assert bruno.subject.startswith("Prise de position publiée :")
    assert "a été publiée le " in bruno.body and "(America/Montreal)" in bruno.body


def test_the_published_links_download_the_papers(
    act,
    network,
    make_board_review,
    approve,
    secretariat,
    outbox,
    client,
):
    proposal = approve(make_board_review(languages=("en",)))
    act(proposal, "publish", secretariat)

    link = next(line.split(": ", 1)[1] for line in outbox()[0].body.splitlines() if ".pdf" in line)
    response = client.get(link.removeprefix("http://127.0.0.1:8000"))

    assert response.status_code == 200
    assert (
        b"".join(response.streaming_content if response.streaming else [response.content])[:5]
        == b"%PDF-"
    )
