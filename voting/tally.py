"""The arithmetic of a result: quorum and majority, in integers (no rounding errors)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Result:
    yes: int
    no: int
    abstain: int
    eligible_weight: int
    quorum_percent: int
    majority: str

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    @property
    def turnout_percent(self) -> Decimal:
        if not self.eligible_weight:
            return Decimal("0.00")
        return (Decimal(self.cast * 100) / self.eligible_weight).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def quorum_met(self) -> bool:
        """Weight taken part (abstentions count) ≥ quorum % of the eligible weight."""
        return (
            self.eligible_weight > 0
            and self.cast * 100 >= self.quorum_percent * self.eligible_weight
        )

    @property
    def majority_met(self) -> bool:
        if self.majority == "simple":
            return self.yes > self.no
        if self.majority == "absolute":
            return self.yes * 2 > self.cast
        if self.majority == "two_thirds":
            return self.yes > 0 and self.yes * 3 >= (self.yes + self.no) * 2
        raise ValueError(f"Unknown majority rule {self.majority!r}")

    @property
    def passed(self) -> bool:
        return self.quorum_met and self.majority_met
