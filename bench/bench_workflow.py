"""The network-sized jobs, in one Django process on PostgreSQL, as a worker runs them
(Celery not eager: the emails they queue go to an in-memory broker, not sent):

- ``vote_open_5000``: ``transition_run(open_vote)`` with ``ORGS`` eligible
  organisations (version snapshot, round, frozen weights); median of 3 proposals.
  Floor: one ``INSERT … SELECT`` of the eligible organisations' rows (the same
  ``EXISTS`` on representatives) into a scratch table (logged, like the product's). Target < 1 s.
- ``reminders_5000``: ``reminders_send()`` for a vote closing within 48 hours and
  ``ORGS`` silent organisations (claims in batches of ``CLAIM_BATCH``, each batch's
  reminders and emails in one transaction). A second run must remind nobody. Floor: the same rows
  (reminders, notifications) written by two ``INSERT … SELECT``.
- ``sweep_10000``: ``close_due()`` with ``SWEEP`` consultations past their deadline;
  verified: each proposal closed once (one ``close_consultation`` log row each, all
  in revision) and a second sweep closes nothing. Floor: the least a sweep with one
  transaction per proposal does, in SQL on a scratch copy: lock the row
  (``FOR UPDATE SKIP LOCKED``), update its state, commit.
- ``tally_100000``: ``voting.services.tally`` over ``BALLOTS`` ballots (plain and
  split), median of 5; checked against the floor's sums. Floor: ``SELECT choice,
  sum(weight) … GROUP BY choice``. Target < 0.5 s.
"""

import json
import os
import statistics
import sys
import time

from bench import harness

ORGS = int(os.environ.get("BENCH_ORGS", "5000"))
SWEEP = int(os.environ.get("BENCH_SWEEP", "10000"))
BALLOTS = int(os.environ.get("BENCH_BALLOTS", "100000"))


def _seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _sql(statement: str, params=()) -> list:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def _people():
    from members.models import Organisation, User, WorkingGroup
    from proposals.models import Procedure

    chair = User.objects.create(username="bench-chair", email="chair@bench.invalid")
    group = WorkingGroup.objects.create(name="Bench", chair=chair)
    procedure = Procedure.objects.create(
        name="Bench", consultation_required=False, voting_days=14, languages=["en"]
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Bench org {i:05d}", country="BE", weight=1 + i % 3) for i in range(ORGS)
    )
    User.objects.bulk_create(
        User(username=f"bench-rep-{o.pk}", email=f"rep{o.pk}@bench.invalid", organisation=o)
        for o in orgs
    )
    return chair, group, procedure


def _vote_open(chair, group, procedure) -> tuple[dict, list]:
    from proposals.services import proposal_create, section_create
    from workflow.services import transition_run

    product, floor, proposals = [], [], []
    for n in range(3):
        p = proposal_create(
            actor=chair, title=f"Vote {n}", summary="S", working_group=group, procedure=procedure
        )
        section_create(proposal=p, actor=chair, heading="H", body="Body.")
        proposals.append(p)
        product.append(
            _seconds(lambda p=p: transition_run(proposal=p, name="open_vote", actor=chair))
        )
    _sql("CREATE TABLE bench_floor_eligibility AS SELECT * FROM voting_eligibility WITH NO DATA")
    for _ in range(3):
        _sql("TRUNCATE bench_floor_eligibility")
        floor.append(
            _seconds(
                lambda: _sql(
                    "INSERT INTO bench_floor_eligibility (round_id, organisation_id, weight) "
                    "SELECT 1, o.id, o.weight FROM members_organisation o WHERE o.active "
                    "AND EXISTS (SELECT 1 FROM members_user u "
                    "WHERE u.organisation_id = o.id AND u.is_active)"
                )
            )
        )
    eligible = proposals[0].voting_rounds.get().eligibilities.count()
    assert eligible == ORGS, eligible
    return {
        "vote_open_5000": harness.figure(
            statistics.median(product),
            statistics.median(floor),
            f"s for {eligible:,} eligible organisations (target < 1 s)",
        )
    }, proposals


def _reminders(proposals) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from notifications.models import Notification, Reminder
    from notifications.reminders import reminders_send
    from voting.models import VotingRound

    now = timezone.now()
    VotingRound.objects.filter(proposal__in=proposals[1:]).update(closes_at=now + timedelta(7))
    VotingRound.objects.filter(proposal=proposals[0]).update(closes_at=now + timedelta(hours=24))
    done = []
    product = _seconds(lambda: done.extend(reminders_send(now=now)))
    again = reminders_send(now=now)
    reminded = Reminder.objects.count()
    emails = Notification.objects.filter(reminder__isnull=False).count()
    assert len(done) == reminded == emails == ORGS and not again, (len(done), reminded, emails)
    _sql("CREATE TABLE bench_floor_reminder AS SELECT * FROM notifications_reminder WITH NO DATA")
    _sql(
        "CREATE TABLE bench_floor_notification AS "
        "SELECT * FROM notifications_notification WITH NO DATA"
    )

    def floor():
        _sql(
            "INSERT INTO bench_floor_reminder (id, kind, proposal_id, organisation_id, deadline, "
            "created_at) SELECT o.id, 'vote', %s, o.id, %s, now() FROM members_organisation o",
            [proposals[0].pk, now],
        )
        _sql(
            "INSERT INTO bench_floor_notification (kind, proposal_id, reminder_id, recipient_id, "
            "address, status) SELECT 'vote_reminder', %s, r.id, u.id, u.email, 'pending' "
            "FROM bench_floor_reminder r "
            "JOIN members_user u ON u.organisation_id = r.organisation_id",
            [proposals[0].pk],
        )

    return {
        "reminders_5000": harness.figure(
            product,
            _seconds(floor),
            f"s for {reminded:,} organisations reminded ({emails:,} emails queued)",
        )
    }


def _sweep(chair, group, procedure) -> dict:
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from proposals.models import Proposal, ProposalState
    from workflow.models import TransitionLog
    from workflow.sweep import close_due

    past = timezone.now() - timedelta(hours=1)
    Proposal.objects.bulk_create(
        (
            Proposal(
                reference=f"PP-2025-{n:05d}",
                title=f"Due {n}",
                summary="S",
                working_group=group,
                procedure=procedure,
                state=ProposalState.CONSULTATION,
                consultation_closes_at=past,
                created_by=chair,
            )
            for n in range(SWEEP)
        ),
        batch_size=2000,
    )
    _sql(
        "CREATE TABLE bench_floor_proposal AS SELECT id, state FROM proposals_proposal "
        "WHERE state = 'consultation'"
    )
    _sql("ALTER TABLE bench_floor_proposal ADD PRIMARY KEY (id)")

    def floor():
        ids = [
            pk for (pk,) in _sql("SELECT id FROM bench_floor_proposal WHERE state = 'consultation'")
        ]
        for pk in ids:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM bench_floor_proposal WHERE id = %s FOR UPDATE SKIP LOCKED", [pk]
                )
                if cursor.fetchone():
                    cursor.execute(
                        "UPDATE bench_floor_proposal SET state = 'revision' WHERE id = %s", [pk]
                    )

    floor_s = _seconds(floor)
    done: list[str] = []
    product = _seconds(lambda: done.extend(close_due()))
    again = close_due()
    logs = TransitionLog.objects.filter(transition="close_consultation")
    once = logs.values("proposal").distinct().count()
    still = Proposal.objects.filter(state=ProposalState.CONSULTATION).count()
    assert len(done) == logs.count() == once == SWEEP and not again and not still, (
        len(done),
        logs.count(),
        once,
        len(again),
        still,
    )
    return {
        "sweep_10000": harness.figure(
            product, floor_s, f"s for {SWEEP:,} due proposals, each closed once (verified)"
        )
    }


def _tally(chair, proposal) -> dict:
    from members.models import Organisation
    from voting.models import Ballot, VotingRound
    from voting.services import tally

    voting_round = proposal.voting_rounds.get()
    Organisation.objects.bulk_create(
        (Organisation(name=f"Bench voter {i:06d}", country="BE") for i in range(BALLOTS - ORGS)),
        batch_size=5000,
    )
    choices = ("yes", "no", "abstain", "yes", "split")
    ballots = []
    for i, org_id in enumerate(Organisation.objects.order_by("pk").values_list("pk", flat=True)):
        choice = choices[i % 5]
        split = {"split_yes": 1, "split_no": 1, "split_abstain": 0} if choice == "split" else {}
        ballots.append(
            Ballot(
                round=voting_round,
                organisation_id=org_id,
                choice=choice,
                weight=2 if split else 1,
                receipt=f"B{i:013d}",
                cast_by=chair,
                cast_at=voting_round.opened_at,
                **split,
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=5000)
    count = Ballot.objects.filter(round=voting_round).count()
    VotingRound.objects.filter(pk=voting_round.pk).update(eligible_weight=count * 2)
    voting_round.refresh_from_db()
    _sql("ANALYZE voting_ballot")
    product, floor, sums = [], [], {}
    for _ in range(5):
        product.append(_seconds(lambda: sums.update(result=tally(voting_round=voting_round))))
        floor.append(
            _seconds(
                lambda: sums.update(
                    rows=_sql(
                        "SELECT choice, sum(weight), sum(split_yes), sum(split_no) "
                        "FROM voting_ballot WHERE round_id = %s GROUP BY choice",
                        [voting_round.pk],
                    )
                )
            )
        )
    rows = {choice: (w, y, n) for choice, w, y, n in sums["rows"]}
    result = sums["result"]
    assert result.yes == rows["yes"][0] + rows["split"][1], (result, rows)
    assert result.no == rows["no"][0] + rows["split"][2], (result, rows)
    return {
        "tally_100000": harness.figure(
            statistics.median(product),
            statistics.median(floor),
            f"s for {count:,} ballots (target < 0.5 s)",
        )
    }


def _inner() -> dict:
    import django

    django.setup()
    chair, group, procedure = _people()
    figures, proposals = _vote_open(chair, group, procedure)
    figures |= _reminders(proposals)
    figures |= _sweep(chair, group, procedure)
    figures |= _tally(chair, proposals[0])
    return figures


def run() -> dict:
    harness.fresh_database()
    figures = harness.module_json(
        "bench.bench_workflow", "--inner", CELERY_TASK_ALWAYS_EAGER="0", CELERY_BROKER_URL=""
    )
    for name, row in figures.items():
        print(
            f"{name:<16} {row['value']:8.3f} s  floor {row['floor']:8.3f} s  "
            f"({row['ratio']:.1f}x; {row['unit']})"
        )
    return figures


if __name__ == "__main__" and sys.argv[1:] == ["--inner"]:
    print(json.dumps(_inner()))
