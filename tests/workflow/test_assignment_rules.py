"""The choice of an automatic assignment policy (issue 13, system-assigned work): pure, table-tested."""

import datetime as dt

import pytest

from loket.workflow import rules
from loket.workflow.rules import Candidate

EARLY = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
LATER = EARLY + dt.timedelta(hours=1)
LATEST = EARLY + dt.timedelta(hours=2)


@pytest.mark.parametrize(
    "policy, candidates, chosen",
    [
        # manual: the system never chooses
        (rules.MANUAL, [Candidate(1)], None),
        ("nonsense", [Candidate(1)], None),
        # nobody at all, or nobody eligible
        (rules.LEAST_LOADED, [], None),
        (rules.ROUND_ROBIN, [Candidate(1, away=True), Candidate(2, refusal=rules.OWN_CASE)], None),
        # least loaded: fewest open tasks wins, whoever was given a task last
        (rules.LEAST_LOADED, [Candidate(1, open_tasks=3), Candidate(2, open_tasks=1, last_assigned=LATEST)], 2),
        # ... ties go to whoever was given a task longest ago; never given one comes first; then the lower id
        (rules.LEAST_LOADED, [Candidate(1, 2, LATER), Candidate(2, 2, EARLY), Candidate(3, 5)], 2),
        (rules.LEAST_LOADED, [Candidate(1, 2, EARLY), Candidate(2, 2)], 2),
        (rules.LEAST_LOADED, [Candidate(5, 0), Candidate(4, 0)], 4),
        # ... the least loaded is away or refused: the next one
        (rules.LEAST_LOADED, [Candidate(1, 0, away=True), Candidate(2, 4), Candidate(3, 6)], 2),
        (rules.LEAST_LOADED, [Candidate(1, 0, refusal=rules.FILED_IT), Candidate(2, 4)], 2),
        (rules.LEAST_LOADED, [Candidate(1, 0, refusal=rules.SECOND_APPROVAL), Candidate(2, 9)], 2),
        # round robin: load does not matter, only the turn
        (rules.ROUND_ROBIN, [Candidate(1, 0, LATEST), Candidate(2, 9, EARLY), Candidate(3, 1, LATER)], 2),
        (rules.ROUND_ROBIN, [Candidate(1, 0, EARLY), Candidate(2, 9)], 2),
        (rules.ROUND_ROBIN, [Candidate(7), Candidate(3)], 3),
        (rules.ROUND_ROBIN, [Candidate(1, 0, EARLY, away=True), Candidate(2, 0, LATER)], 2),
    ],
)
def test_assignee_choice(policy, candidates, chosen):
    assert rules.assignee_choice(policy, candidates) == chosen


def test_round_robin_rotates_when_each_choice_is_fed_back():
    pool = [Candidate(1), Candidate(2), Candidate(3)]
    order = []
    for turn in range(5):
        chosen = rules.assignee_choice(rules.ROUND_ROBIN, pool)
        order.append(chosen)
        moment = EARLY + dt.timedelta(minutes=turn)
        pool = [Candidate(c.user_id, c.open_tasks, moment if c.user_id == chosen else c.last_assigned) for c in pool]
    assert order == [1, 2, 3, 1, 2]
