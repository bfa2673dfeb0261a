"""Loading pauses the cyclic garbage collector and always gives it back as it found it."""

from __future__ import annotations

import gc

import pytest

from handbook_checklists.catalog.handbook import Handbook
from handbook_checklists.document.state import DocumentError, parse_document
from tests.support.handbooks import make_handbook


@pytest.fixture
def collector_enabled():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.parametrize("content", [None, "id: [unclosed\n", b"\xff\xfe"], ids=["valid", "bad YAML", "not UTF-8"])
def test_loading_good_or_bad_checklists_leaves_the_collector_on(tmp_path, collector_enabled, content):
    Handbook.at(make_handbook(tmp_path, None if content is None else {"demo.yml": content})).load()
    assert gc.isenabled()


def test_a_bad_project_document_leaves_the_collector_on(collector_enabled):
    with pytest.raises(DocumentError):
        parse_document(b'{"format": "project-checklist/1", "checklists": [}')
    assert gc.isenabled()


def test_a_collector_the_caller_turned_off_stays_off(tmp_path, collector_enabled):
    gc.disable()
    Handbook.at(make_handbook(tmp_path)).load()
    assert not gc.isenabled()
