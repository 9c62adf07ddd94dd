"""Version diffs (``proposals.text``): bounded whatever the input.

Cases: the 200,000-character section of issue 13 (2,000 paragraphs of ~100
characters, one word changed in every third), the same text as one paragraph
(too long to compare word by word: shown replaced whole), a 10,000-character
amendment against its paragraph (30 words changed), and a hostile comparison
(40 sections of 1,400 words from a 5-word vocabulary, the matcher's worst case,
which exhausts the comparison's budget). Figure: CPU seconds (median of
``ROUNDS``), in process, no Django needed. Floor, measured in the same run: the
time to split both texts into words, the least any word diff must do.
Ratio = product / floor; target: the 200,000-character diff under 2 s.
"""

import os
import random
import time

from bench import harness
from proposals import text

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
WORDS = [
    *("the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "as", "by"),
    *("at", "from", "public", "buyers", "reserve", "contracts", "small", "firms", "members"),
    *("board", "vote", "paper", "amendment", "procurement", "social", "economy"),
]


def _paragraph(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(f"{rng.choice(WORDS)}{rng.randint(0, 99)}")
    return " ".join(words)


def _edit(paragraph: str, rng: random.Random, times: int = 1) -> str:
    words = paragraph.split(" ")
    for _ in range(times):
        words[rng.randrange(len(words))] = "CHANGED"
    return " ".join(words)


def _cases() -> dict[str, tuple[list[dict], list[dict]]]:
    rng = random.Random(13)
    paragraphs = [_paragraph(rng, 100) for _ in range(2000)]
    edited = [_edit(p, rng) if i % 3 == 0 else p for i, p in enumerate(paragraphs)]
    base = _paragraph(rng, 10_000)
    noise = [f"w{i}" for i in range(5)]

    def hostile():
        return " ".join(rng.choice(noise) for _ in range(1400))

    def one(old: str, new: str):
        return [{"id": 1, "heading": "H", "body": old}], [{"id": 1, "heading": "H", "body": new}]

    return {
        "diff_200k_section_word_edits": one("\n\n".join(paragraphs), "\n\n".join(edited)),
        "diff_200k_single_paragraph": one(" ".join(paragraphs), " ".join(edited)),
        "diff_amendment_10k": one(base, _edit(base, rng, 30)),
        "diff_hostile_40_sections": (
            [{"id": i, "heading": "H", "body": hostile()} for i in range(40)],
            [{"id": i, "heading": "H", "body": hostile()} for i in range(40)],
        ),
    }


def _cpu(fn) -> float:
    return harness.timed(fn, repeats=ROUNDS, clock=time.process_time)


def run() -> dict:
    results = {}
    for name, (old, new) in _cases().items():
        texts = [s["body"] for s in old + new]
        product = _cpu(lambda old=old, new=new: text.diff_sections(old, new))
        floor = _cpu(lambda texts=texts: [text._UNIT.findall(t) for t in texts])
        chars = sum(map(len, texts))
        print(f"{name:<32} {product:8.4f} s  floor {floor:8.4f} s  ({chars:,} characters)")
        results[name] = {
            "value": product,
            "floor": floor,
            "ratio": product / floor if floor else float("inf"),
            "unit": f"s CPU for {chars:,} characters (target < 2 s)",
        }
    return results
