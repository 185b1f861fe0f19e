"""Columns that hold people and ids that hash source files: what the spec may publish, and how.

Real MES exports write operators last name first, in capitals, with initials or the surname alone; a column
marked ``person`` in the canonical model is never published as written, and ``redact`` replaces the whole value
with the token of the staff member it names, however the row wrote it."""

from __future__ import annotations

import copy

import pyarrow as pa
import pytest

from anonymize.columns import ColumnAnonymizer
from anonymize.people import StaffNames
from anonymize.pseudonym import KeyedPseudonym
from anonymize.text import KeyedTokens, Redactor
from plantset.core.errors import SpecError
from plantset.core.spec import ColumnPolicy
from plantset.pipeline.specs import load_spec
from tests.anonymize.test_policy import SPEC, write

KEY = b"person-columns-test-key-0123456789"


def anonymizer(staff: list[str]) -> ColumnAnonymizer:
    return ColumnAnonymizer(KeyedPseudonym(KEY), Redactor(tokens=KeyedTokens(KEY), tag_names=False), 30,
                            staff=StaffNames(staff))


def test_redact_replaces_a_whole_person_value_with_one_token_per_staff_member_however_written():
    worker = anonymizer(["Minsu Kim", "Jiyoung Park", "홍길동"])
    values = ["KIM MINSU", "Kim, Minsu", "Minsu Kim", "M. Kim", "PARK", "Jiyoung PARK", "홍 길동", "홍길동", None, ""]
    data = pa.table({"result_id": [str(i) for i in range(len(values))], "operator": values})
    out = worker.table("production_result", data, {"result_id": ColumnPolicy(action="pseudonym"),
                                                   "operator": ColumnPolicy(action="redact")})
    tokens = out.column("operator").to_pylist()
    assert len(set(tokens[:4])) == 1 and tokens[0].startswith("<PERSON_")
    assert tokens[4] == tokens[5] != tokens[0] and tokens[6] == tokens[7]
    assert tokens[8] is None and tokens[9] is None
    assert not any(name in str(tokens) for name in ("KIM", "Minsu", "PARK", "길동"))


def test_an_unknown_name_gets_the_same_token_in_any_word_order():
    worker = anonymizer([])
    data = pa.table({"operator": ["LEE SOYEON", "Soyeon Lee", "Lee Soyeon"]})
    out = worker.table("production_result", data, {"operator": ColumnPolicy(action="redact")})
    assert len(set(out.column("operator").to_pylist())) == 1


@pytest.mark.parametrize("policy", ["keep", {"rare": 3}, "country"])
def test_a_person_column_published_as_written_is_refused(tmp_path, policy):
    spec = copy.deepcopy(SPEC)
    spec["tables"].append({"target": "production_result", "source": "mes.orders",
                           "columns": {"result_id": "WO_NO", "operator": "RMK"}})
    spec["anonymize"]["columns"]["production_result"] = {"result_id": "pseudonym", "operator": policy}
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, spec))
    assert "anonymize.columns.production_result.operator: holds a person's name" in str(caught.value)


def test_a_hash_of_a_source_file_cannot_be_kept(tmp_path):
    spec = copy.deepcopy(SPEC)
    spec["sources"].append({"kind": "documents", "name": "library", "path": str(tmp_path),
                            "tables": [{"name": "docs", "content": "documents"}]})
    spec["tables"].append({"target": "document", "source": "library.docs",
                           "columns": {"doc_id": "doc_id", "title": "title"}})
    spec["anonymize"]["columns"]["document"] = {"doc_id": "keep", "title": "redact"}
    with pytest.raises(SpecError) as caught:
        load_spec(write(tmp_path, spec))
    assert "anonymize.columns.document.doc_id: a hash of a source file's content" in str(caught.value)
