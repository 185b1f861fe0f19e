"""Company identity without a lexicon: organisations, real phone and address forms, VINs, and the technical
content that must survive (cases from real safety data sheets, test reports and MES exports)."""

from __future__ import annotations

import pytest

from anonymize import organisations
from anonymize.identifiers import vin_checksum
from anonymize.lexicon import Lexicon
from anonymize.text import Redactor


def replaced(text: str, tag_names: bool = False, **kwargs) -> list[tuple[str, str]]:
    [spans] = Redactor(tag_names=tag_names, **kwargs).spans_many([text])
    return [(text[s.start:s.end], s.entity) for s in spans]


@pytest.mark.parametrize(("text", "company"), [
    ("대한정밀㈜ 시화공장", "대한정밀㈜ 시화공장"),
    ("㈜한빛케미칼 울산공장 납품", "㈜한빛케미칼 울산공장"),
    ("(주)대성산업에서 시험", "(주)대성산업"),
    ("주식회사 한울소재는", "주식회사 한울소재"),
    ("한울소재 주식회사의 제품", "한울소재 주식회사"),
    ("재단법인 한국화학융합시험연구원 발행", "재단법인 한국화학융합시험연구원"),
    ("Hanwha Solutions Co., Ltd. Ulsan", "Hanwha Solutions Co., Ltd."),
    ("BASF SE, 67056 Ludwigshafen", "BASF SE"),
    ("SIGMA-ALDRICH CORPORATION  3050 Spruce Street", "SIGMA-ALDRICH CORPORATION"),
    ("Distributed by Fisher Scientific Company LLC", "Fisher Scientific Company LLC"),
    ("Manufacturer: Acros Organics BVBA", "Acros Organics BVBA"),
    ("제조사 : 한빛정밀", "한빛정밀"),
    ("공급자: 대한케미칼 | 전화", "대한케미칼"),
    ("Prepared by: Treatt USA", "Treatt USA"),
])
def test_organisations_by_legal_form_and_field(text, company):
    assert (company, "COMPANY") in replaced(text)


@pytest.mark.parametrize("text", [
    "1. PRODUCT AND COMPANY IDENTIFICATION",
    "Section 1: Identification of the Substance/Mixture and of the Company/Undertaking",
    "Company Name: see section 16",
    "제조사: 해당없음",
    "the company shall keep records",
])
def test_headings_and_empty_fields_are_not_organisations(text):
    assert [found for found in replaced(text) if found[1] == "COMPANY"] == []


def test_the_organisation_behind_a_mailbox_is_found_wherever_the_batch_names_it():
    texts = ["문의: sales@daehan-precision.co.kr", "Daehan Precision offers", "DAEHAN-PRECISION 시화", "daehan"]
    redacted = Redactor(tag_names=False).redact_many(texts)
    assert "Daehan" not in " ".join(redacted[:3]) and "DAEHAN" not in redacted[2]
    assert redacted[3] == "daehan"  # a part of the name alone is a word


def test_webmail_and_public_bodies_name_no_company():
    assert organisations.domain_label("kim@naver.com") is None
    assert organisations.domain_label("https://echa.europa.eu/information") is None
    assert organisations.domain_label("www.kosha.or.kr") is None
    assert organisations.domain_label("info@www.daehan-precision.co.kr") == "daehan-precision"
    assert organisations.domain_label("product-safety@basf.com") == "basf"


def test_public_references_stay_and_a_spec_can_add_its_own():
    text = "See https://echa.europa.eu/, www.kosha.or.kr, https://pubchem.ncbi.nlm.nih.gov and www.osha.gov"
    assert replaced(text) == []
    assert replaced("www.daehan.co.kr") == [("www.daehan.co.kr", "URL")]
    assert replaced("www.ktr.re.kr", public=["ktr.re.kr"]) == []


@pytest.mark.parametrize(("text", "phone"), [
    ("TEL : 82-2-123-4567/4599", "82-2-123-4567/4599"),
    ("Tel +82 (0)31 1234 567", "+82 (0)31 1234 567"),
    ("Phone + 44 1234 567890", "+ 44 1234 567890"),
    ("Fax: 031-499-2000/2001", "031-499-2000/2001"),
    ("Telephone: +49 621 60-0", "+49 621 60-0"),
    ("Emergency: 1-800-343-0660", "1-800-343-0660"),
    ("Call 1-800-832-HELP (4357)", "1-800-832-HELP (4357)"),
    ("USA 001-201-796-7100", "001-201-796-7100"),
    ("Phone: (973) 245-6000 ext. 12", "(973) 245-6000 ext. 12"),
    ("Information Telephone Number 800-558-9160", "800-558-9160"),
    ("대표전화 02-123-4567 (내선 301)", "02-123-4567 (내선 301)"),
    ("Tel: 01234 567 890", "01234 567 890"),
    ("FAX (0) 1234-56789", "(0) 1234-56789"),
    ("Phone number: 0800 123 4567", "0800 123 4567"),
])
def test_phones_in_real_forms_with_alternates_and_extensions(text, phone):
    assert (phone, "PHONE") in replaced(text)


def test_public_emergency_lines_stay_however_they_are_dialled():
    for text in ("CHEMTREC 1-800-424-9300", "Emergency 001-800-424-9300", "Tel +1-703-527-3887"):
        assert replaced(text) == []


def test_a_range_after_a_phone_cue_is_not_a_phone():
    assert [f for f in replaced("Tel 1500-1800 rpm") if f[1] == "PHONE"] == []


def test_a_bare_north_american_shape_needs_a_cue():
    assert [f for f in replaced("Part 201-555-0100 revision") if f[1] == "PHONE"] == []


@pytest.mark.parametrize(("text", "address"), [
    ("12, Sandan 3-ro, Danwon-gu, Ansan-si", "12, Sandan 3-ro, Danwon-gu, Ansan-si"),
    ("45, AB-ro, Dongan-gu, Anyang", "45, AB-ro, Dongan-gu, Anyang"),
    ("12 Sandan-ro Seongsan-gu", "12 Sandan-ro Seongsan-gu"),
    ("경기도 시흥시 산단 3로 117", "경기도 시흥시 산단 3로 117"),
    ("<ADDRESS_1> Seongsan-gu, Changwon Korea", "Seongsan-gu, Changwon Korea"),
    ("BASF Corporation, 100 Park Avenue, Florham Park, NJ 07932", "100 Park Avenue"),
    ("100 Park Avenue, Florham Park, NJ 07932", "Florham Park, NJ 07932"),
    ("Carl-Bosch-Strasse 38, 67056 Ludwigshafen, Germany", "Carl-Bosch-Strasse 38"),
    ("Carl-Bosch-Strasse 38, 67056 Ludwigshafen, Germany", "67056 Ludwigshafen"),
    ("P.O. Box 14460 Research Triangle Park", "P.O. Box 14460"),
    ("우편번호 15611 경기도 안산시", "15611"),
    ("Dansom Lane, Hull HU8 7DS, UK", "Hull HU8 7DS"),
    ("Toronto, ON M5V 3L9", "Toronto, ON M5V 3L9"),
    ("(우)08502 서울", "08502"),
])
def test_addresses_postcodes_and_the_remains_of_an_address(text, address):
    assert any(address in surface and entity == "ADDRESS" for surface, entity in replaced(text))


def test_bank_accounts_as_banks_print_them():
    assert ("DE89 3704 0044 0532 0130 00", "BANK_ACCOUNT") in replaced("IBAN DE89 3704 0044 0532 0130 00 BIC COBADEFF")
    assert ("GB82WEST12345698765432", "BANK_ACCOUNT") in replaced("Pay to GB82WEST12345698765432")
    assert [f for f in replaced("Lot DE89 3704 0044 0532 0130 01") if f[1] == "BANK_ACCOUNT"] == []  # bad check
    assert ("123-456789-01-234", "BANK_ACCOUNT") in replaced("KB Kookmin Bank A/C No. 123-456789-01-234")


def test_vehicle_identification_numbers():
    assert vin_checksum("1HGCM82633A004352") and not vin_checksum("1HGCM82643A004352")
    assert ("1HGCM82633A004352", "VIN") in replaced("정비 차량 1HGCM82633A004352 입고")
    assert ("KMHD841CBLU123456", "VIN") in replaced("차대번호 KMHD841CBLU123456")
    assert [f for f in replaced("품번 AB12CD34EF56GH789 입고") if f[1] == "VIN"] == []  # no check digit, no cue


@pytest.mark.parametrize("text", [
    "인장강도 25 MPa, 인열강도 80 kN/m", "정격전류는 10 A", "이용한 시험 방법", "유해한 화학물질",
    "CAS No. 64-17-5, H225, P210, UN 1170", "KS M ISO 527-2 시험", "용융지수 3.0 g/10분",
    "Water 7732-18-5 AS", "Ethanol 64-17-5 SE 200-578-6", "Emergency Phone: see CAS 7732-18-5",
])
def test_technical_content_survives(text):
    assert replaced(text, tag_names=True) == []


def test_lexicon_terms_match_only_at_the_start_of_a_word():
    lexicon = Lexicon()
    lexicon.add("한화", "COMPANY")
    redactor = Redactor(lexicon, tag_names=False)
    assert redactor.redact_many(["유해한 화학물질", "한화 케미칼", "한화는"]) == [
        "유해한 화학물질", "<COMPANY_1> 케미칼", "<COMPANY_1>는"]
