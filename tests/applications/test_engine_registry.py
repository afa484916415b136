"""The case engine reaches procedures only through what workflow registers at start-up (ADR 0011)."""

import pytest

from loket.applications import engine
from loket.workflow.procedure import WorkflowProcedure


def test_workflow_registers_itself_as_the_procedure():
    assert isinstance(engine.procedure(), WorkflowProcedure)


def test_without_a_registered_procedure_the_engine_says_so(monkeypatch):
    monkeypatch.setattr(engine, "_REGISTERED", [])
    with pytest.raises(RuntimeError, match="No procedure is registered"):
        engine.procedure()
