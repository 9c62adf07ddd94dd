"""``make bench`` drops and creates its database: never one that others use."""

import pytest

from bench.harness import bench_database


@pytest.mark.parametrize(
    ("url", "override", "expected"),
    [
        ("postgres://postgres@127.0.0.1:5432/h18bench", "", "h18bench"),
        ("postgres://postgres@127.0.0.1:5432/test", "", "plenum_bench"),  # CI's default
        ("postgres://postgres@127.0.0.1:5432/postgres", "", "plenum_bench"),
        ("", "", "plenum_bench"),
        ("postgres://postgres@127.0.0.1:5432/h18bench", "test", "plenum_bench"),
        ("postgres://postgres@127.0.0.1:5432/test", "mine", "mine"),
    ],
)
def test_the_bench_database_is_never_a_shared_one(url, override, expected):
    server, name = bench_database(url, override)
    assert name == expected
    assert server == "postgres://postgres@127.0.0.1:5432"
