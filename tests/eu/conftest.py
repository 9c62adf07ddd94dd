from tests.papers.conftest import (  # noqa: F401  (the papers' fixtures)
    approve,
    make_board_review,
    media_root,
    paper_factory,
    publish,
)
