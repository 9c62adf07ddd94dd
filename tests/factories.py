"""factory_boy factories for every app; registered as fixtures in conftest.py."""

from datetime import timedelta

import factory
from django.utils import timezone

from members.models import BoardMembership, Organisation, User, WorkingGroup
from proposals.models import Procedure, Proposal, Section


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Member network {n}")
    country = factory.Iterator(["BE", "FR", "DE", "IT", "ES", "PL", "NL", "AT"])
    weight = 1
    active = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("secret-pass-123")


class RepresentativeFactory(UserFactory):
    organisation = factory.SubFactory(OrganisationFactory)


class SecretariatFactory(UserFactory):
    is_staff = True


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Working group {n}")
    chair = factory.SubFactory(UserFactory)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class BoardMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardMembership

    user = factory.SubFactory(UserFactory)


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure

    name = factory.Sequence(lambda n: f"Procedure {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A draft with a valid consultation deadline; add sections with ``SectionFactory``."""

    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Reserved contracts for social enterprises {n}")
    summary = "Member states should reserve a share of public contracts."
    working_group = factory.SubFactory(WorkingGroupFactory)
    procedure = factory.SubFactory(ProcedureFactory)
    reference = factory.Sequence(lambda n: f"PP-2026-{n + 100:03d}")
    consultation_closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=21))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    proposal = factory.SubFactory(ProposalFactory)
    #: The next position in its proposal: positions are 1..n, as the services keep them.
    position = factory.LazyAttribute(lambda o: o.proposal.sections.count() + 1)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


# --- consultations -----------------------------------------------------------------


def _latest_version(proposal):
    from proposals.services import version_snapshot

    return proposal.versions.order_by("-number").first() or version_snapshot(
        proposal=proposal, reason="consultation"
    )


class CommentFactory(factory.django.DjangoModelFactory):
    """A comment written straight to the table (bulk data); the API tests post through it."""

    class Meta:
        model = "consultations.Comment"

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.LazyFunction(RepresentativeFactory)  # not the shared `user` fixture
    organisation = factory.SelfAttribute("author.organisation")
    body = factory.Sequence(lambda n: f"Comment {n}: reserved contracts deserve a clearer target.")


class AmendmentFactory(factory.django.DjangoModelFactory):
    """An amendment replacing paragraph 1, recorded against the latest version."""

    class Meta:
        model = "consultations.Amendment"

    proposal = factory.SubFactory(ProposalFactory)
    section = factory.SubFactory(SectionFactory, proposal=factory.SelfAttribute("..proposal"))
    section_heading = factory.SelfAttribute("section.heading")
    kind = "replace"
    paragraph = 1
    text = factory.Sequence(lambda n: f"Amended paragraph {n}.")
    justification = "Names work-integration social enterprises explicitly."
    base_text = factory.LazyAttribute(lambda a: a.section.body.split("\n\n")[a.paragraph - 1])
    version = factory.LazyAttribute(lambda a: _latest_version(a.proposal))
    author = factory.LazyFunction(RepresentativeFactory)  # not the shared `user` fixture
    organisation = factory.SelfAttribute("author.organisation")


class AmendmentSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "consultations.AmendmentSupport"

    amendment = factory.SubFactory(AmendmentFactory)
    user = factory.LazyFunction(RepresentativeFactory)
    organisation = factory.SelfAttribute("user.organisation")
