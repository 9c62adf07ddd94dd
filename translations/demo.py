"""Demo translations (SPEC §11), called by ``workflow.demo`` while it moves proposals.

- "Social economy and the European Pillar of Social Rights" (published, English and
  French): translated into French in consultation, so its French paper prints French.
- "Response to the consultation on the Social Economy Action Plan review" (approved,
  English, French and German): translated into German in consultation; then an
  amendment to paragraph 2.2 is accepted in revision, so the German translation of
  that one paragraph is outdated (its French one was never started).
"""

from members.models import User
from proposals.models import Proposal
from translations.selectors import translation_detail
from translations.services import translation_update

PILLAR = "Social economy and the European Pillar of Social Rights"
ACTION_PLAN = "Response to the consultation on the Social Economy Action Plan review"

#: title -> language -> [title, summary, (heading, [paragraphs]), ...]
TEXTS = {
    PILLAR: {
        "fr": [
            "L'économie sociale et le socle européen des droits sociaux",
            "Comment les entreprises sociales d'insertion font vivre le socle européen des "
            "droits sociaux, et ce que le prochain plan d'action sur le socle devrait dire "
            "d'elles.",
            (
                "Les principes que nos membres mettent en œuvre",
                [
                    "Le socle européen des droits sociaux, proclamé à Göteborg en novembre 2017, "
                    "énonce vingt principes. Les entreprises sociales d'insertion en mettent "
                    "plusieurs en pratique chaque jour : l'éducation, la formation et "
                    "l'apprentissage tout au long de la vie (principe 1), le soutien actif à "
                    "l'emploi (principe 4) et l'inclusion des personnes handicapées "
                    "(principe 17).",
                    "Elles le font en tant qu'entreprises : elles vendent des biens et des "
                    "services, versent des salaires dans le cadre de contrats de travail et "
                    "réinvestissent leurs bénéfices dans leur mission sociale.",
                ],
            ),
            (
                "Les objectifs pour 2030 et le prochain plan d'action",
                [
                    "Le plan d'action sur le socle de mars 2021 a fixé trois objectifs de l'UE "
                    "pour 2030, dont un taux d'emploi d'au moins 78 % des personnes âgées de 20 "
                    "à 64 ans. Pour l'atteindre, il faut toucher les personnes les plus "
                    "éloignées du marché du travail, et c'est ce que font nos membres.",
                    "Le réseau demande à la Commission de nommer l'économie sociale dans le "
                    "prochain plan d'action sur le socle et dans le suivi des objectifs pour "
                    "2030, et d'associer ses représentants à l'un comme à l'autre.",
                ],
            ),
        ],
    },
    ACTION_PLAN: {
        "de": [
            "Antwort auf die Konsultation zur Überprüfung des Aktionsplans für die "
            "Sozialwirtschaft",
            "Die Antwort des Netzwerks auf die Konsultation der Kommission zur Überprüfung des "
            "Aktionsplans für die Sozialwirtschaft.",
            (
                "Unsere Antwort in Kürze",
                [
                    "Das Netzwerk begrüßt die Überprüfung des im Dezember 2021 angenommenen "
                    "Aktionsplans für die Sozialwirtschaft. Der Plan hat der Sozialwirtschaft "
                    "einen Platz in der EU-Politik gegeben; seine Überprüfung sollte aus "
                    "Zusagen Instrumente machen, die Sozialunternehmen der "
                    "Arbeitsintegration nutzen können.",
                    "Diese Antwort stützt sich auf die Erfahrung der Mitgliedsverbände des "
                    "Netzwerks. Sie konzentriert sich auf drei Bereiche, zu denen sie am "
                    "meisten zu sagen haben: das öffentliche Beschaffungswesen, den Zugang zu "
                    "Finanzierung und die Rahmenbedingungen, die die Empfehlung des Rates von "
                    "2023 setzt.",
                ],
            ),
            (
                "Was funktioniert hat und was nicht",
                [
                    "Die Empfehlung des Rates von 2023 zur Entwicklung der Rahmenbedingungen für "
                    "die Sozialwirtschaft ist die wichtigste Errungenschaft des Plans: Sie "
                    "fordert die Mitgliedstaaten auf, Strategien für die Sozialwirtschaft zu "
                    "beschließen oder zu aktualisieren, und zählt das öffentliche "
                    "Beschaffungswesen zu den betroffenen Politikbereichen.",
                    "Das Gateway für die Sozialwirtschaft und der Übergangspfad für das "
                    "Ökosystem der Nahversorgung und Sozialwirtschaft haben die Unterstützung "
                    "der EU leichter auffindbar gemacht, doch unsere Mitglieder berichten, dass "
                    "sie sie selten nutzen.",
                    "Bei der sozial verantwortlichen öffentlichen Beschaffung hat sich kaum "
                    "etwas bewegt: Vorbehaltene Aufträge nach Artikel 20 der Richtlinie "
                    "2014/24/EU bleiben in den meisten Mitgliedstaaten die Ausnahme.",
                ],
            ),
            (
                "Prioritäten für die Überprüfung",
                [
                    "1. Über die nationalen Strategien für die Sozialwirtschaft berichten und "
                    "darüber, was sie für die Arbeitsintegration leisten.\n"
                    "2. Die sozial verantwortliche öffentliche Beschaffung zu einer Priorität "
                    "der anstehenden Überarbeitung der Vergaberichtlinien machen.\n"
                    "3. Im nächsten mehrjährigen Finanzrahmen eine EU-Garantie beibehalten, "
                    "die sozialen Investitionen gewidmet ist."
                ],
            ),
        ],
    },
}

#: The amendment accepted after the German translation (section 2, paragraph 2).
AMENDMENT = (
    "The Social Economy Gateway and the transition pathway for the proximity and social "
    "economy ecosystem have made EU support easier to find, but our members tell us they "
    "rarely use them: the Gateway should be offered in every official language.",
    "Members who do not work in English cannot use the Gateway today.",
)


def translate(proposal: Proposal) -> None:
    """Save the demo's translations of ``proposal`` (by the chair), if it has any."""
    chair = proposal.working_group.chair
    for language, (title, summary, *sections) in TEXTS.get(proposal.title, {}).items():
        detail = translation_detail(proposal=proposal, language=language)
        if detail["status"] != "missing":
            continue
        translation_update(
            proposal=proposal,
            language=language,
            actor=chair,
            revision=detail["revision"],
            title=title,
            summary=summary,
            sections=[
                {
                    "section": number,
                    "heading": heading,
                    "paragraphs": [
                        {"paragraph": index, "text": text}
                        for index, text in enumerate(paragraphs, start=1)
                    ],
                }
                for number, (heading, paragraphs) in enumerate(sections, start=1)
            ],
        )


def amend(proposal: Proposal):
    """In consultation: the amendment that will outdate the German paragraph 2.2."""
    if proposal.title != ACTION_PLAN:
        return None
    from consultations.services import amendment_create

    group = proposal.working_group
    author = (
        User.objects.active_representatives()
        .exclude(pk=group.chair_id)
        .exclude(pk__in=group.members.values_list("pk", flat=True))
        .order_by("username")
        .first()
    )
    text, justification = AMENDMENT
    return amendment_create(
        proposal=proposal,
        author=author,
        section=proposal.sections.order_by("position")[1],
        kind="replace",
        paragraph=2,
        text=text,
        justification=justification,
    )


def accept(proposal: Proposal, amendment) -> None:
    """In revision: the chair accepts it."""
    if amendment is None:
        return
    from consultations.services import amendment_decide

    amendment_decide(
        amendment=amendment,
        actor=proposal.working_group.chair,
        decision="accepted",
        response="Agreed: the Gateway must speak the members' languages.",
    )
