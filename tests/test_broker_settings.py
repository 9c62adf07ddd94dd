"""The task settings hold on both brokers a deploy may use (docs/DEPLOY.md)."""

import ast

import pytest

from tests.test_run_stack import _settings
from tests.test_storage_settings import PRODUCTION


@pytest.mark.parametrize("broker", ["redis://broker:6379/0", "amqp://u:p@broker:5672/plenum"])
def test_tasks_are_acknowledged_late_and_given_back_when_a_worker_dies(broker):
    late, lost, prefetch = _settings(
        {**PRODUCTION, "CELERY_BROKER_URL": broker},
        "CELERY_TASK_ACKS_LATE",
        "CELERY_TASK_REJECT_ON_WORKER_LOST",
        "CELERY_WORKER_PREFETCH_MULTIPLIER",
    )

    assert (late, lost, prefetch) == ("True", "True", "1")


def test_on_redis_no_retry_waits_past_the_visibility_timeout():
    options, retry = _settings(
        {**PRODUCTION, "CELERY_BROKER_URL": "redis://broker:6379/0"},
        "CELERY_BROKER_TRANSPORT_OPTIONS",
        "PLENUM_TASK_RETRY",
    )
    timeout = ast.literal_eval(options)["visibility_timeout"]
    longest_wait = max(policy["max_delay"] for policy in ast.literal_eval(retry).values())

    # a retry waiting in its worker must not be handed to another one meanwhile
    assert longest_wait * 2 <= timeout == 3600


def test_rabbitmq_gets_no_redis_transport_options():
    (options,) = _settings(
        {**PRODUCTION, "CELERY_BROKER_URL": "amqp://u:p@broker:5672/plenum"},
        "CELERY_BROKER_TRANSPORT_OPTIONS",
    )

    assert options == "None"
