"""Identifier detectors: each kind is found with its exact span, and plant codes that look alike are not."""

from __future__ import annotations

import pytest

from anonymize import identifiers
from anonymize.text import Redactor


def replaced(text: str) -> list[tuple[str, str]]:
    """(surface, entity) of every span the redactor would replace, without the name tagger."""
    [spans] = Redactor(tag_names=False).spans_many([text])
    return [(text[s.start:s.end], s.entity) for s in spans]


@pytest.mark.parametrize(("number", "valid"), [
    ("800101-1234560", True), ("8001011234560", True), ("800101-1234561", False), ("80010112345", False),
])
def test_resident_checksum(number, valid):
    assert identifiers.resident_checksum(number) is valid


def test_foreigner_checksum_differs_from_the_resident_one():
    assert identifiers.foreigner_checksum("830511-6198297")
    assert not identifiers.resident_checksum("830511-6198297")
    assert identifiers.resident_checksum("830511-6198295") and not identifiers.foreigner_checksum("830511-6198295")


def test_corporate_and_business_checksums():
    assert identifiers.corporate_checksum("110111-1234569")
    assert not identifiers.corporate_checksum("110111-1234560")
    assert identifiers.business_checksum("123-45-67891")
    assert not identifiers.business_checksum("123-45-67890")
    assert not identifiers.business_checksum("123-45-6789")


@pytest.mark.parametrize(("text", "surface", "entity"), [
    ("주민등록번호 800101-1234560 확인", "800101-1234560", "KR_RRN"),
    ("800101-1234560", "800101-1234560", "KR_RRN"),
    ("고객 8001011234560 등록", "8001011234560", "KR_RRN"),  # no hyphen: the check digit decides
    ("신규 020315-3123451", "020315-3123451", "KR_RRN"),  # issued after 2020: no check digit, hyphen decides
    ("주민번호: 8001011234561", "8001011234561", "KR_RRN"),  # no hyphen, no check digit, but named
    ("주민번호 800101 - 1234560", "800101 - 1234560", "KR_RRN"),
    ("주민번호 800101-1******", "800101-1******", "KR_RRN"),
    ("외국인등록번호 900303-5123458", "900303-5123458", "KR_FRN"),
    ("외국인 근로자 출입증: 8305116198297, 비자 만료", "8305116198297", "KR_FRN"),  # its own check digit, cue far
    ("외국인 근로자 출입증: 960707-5930097", "960707-5930097", "KR_FRN"),  # a corporate check digit too: a person first
    ("근로자 8305116198297 출입", "8305116198297", "KR_FRN"),  # no hyphen, no cue: its check digit decides
    ("법인등록번호 110111-1234569", "110111-1234569", "KR_CRN"),
    ("법인 134811-0000000 변경", "134811-0000000", "KR_CRN"),
])
def test_registration_numbers(text, surface, entity):
    assert replaced(text) == [(surface, entity)]


@pytest.mark.parametrize(("text", "surface"), [
    ("거래처 123-45-67891 등록", "123-45-67891"),
    ("사업자등록번호: 1234567891", "1234567891"),
    ("사업자번호 123-45-67890", "123-45-67890"),  # named as such: no check digit needed
    ("Vendor ㈜한빛테크 BRN 1942537052, website", "1942537052"),
    ("세금계산서 공급자 동양기계 (1489128104)", "1489128104"),  # a cue further back, and a valid check digit
    ("Our business registration no. is 5957103150", "5957103150"),
])
def test_business_numbers(text, surface):
    assert [found for found in replaced(text) if found[1] != "COMPANY"] == [(surface, "KR_BRN")]


@pytest.mark.parametrize(("text", "surface"), [
    ("연락처 010-1234-5678 로 회신", "010-1234-5678"),
    ("HP 010 1234 5678", "010 1234 5678"),
    ("01012345678", "01012345678"),
    ("011-123-4567", "011-123-4567"),
    ("+82 10-1234-5678", "+82 10-1234-5678"),
    ("+82-2-123-4567", "+82-2-123-4567"),
    ("본사 02-123-4567", "02-123-4567"),
    ("(02) 1234-5678", "(02) 1234-5678"),
    ("창원 055-123-4567", "055-123-4567"),
    ("031.123.4567", "031.123.4567"),
    ("고객센터 1588-1234", "1588-1234"),
    ("1588-1234 회신 바랍니다", "1588-1234"),  # 회신 is no unit: not a range
    ("1644-5678 문의", "1644-5678"),
    ("1800-1234", "1800-1234"),
    ("인터넷전화 070-1234-5678", "070-1234-5678"),
    ("안심번호 0505-123-4567", "0505-123-4567"),
    ("Department 02-1234-5678", "02-1234-5678"),  # "Part" inside a word is no part-number cue
    ("목격자(010 - 8387 - 3806) 진술", "010 - 8387 - 3806"),
    ("대표전화 1588 0162", "1588 0162"),
    ("call you at +86 21 8588 8909.", "+86 21 8588 8909"),
    ("M +1 (248) 555-0115 |", "+1 (248) 555-0115"),
    ("Tel +48 22 784 18 43", "+48 22 784 18 43"),
])
def test_phone_numbers(text, surface):
    assert replaced(text) == [(surface, "PHONE")]


@pytest.mark.parametrize(("text", "surface", "entity"), [
    ("메일 hong.gd+qa@daehan-precision.co.kr 로", "hong.gd+qa@daehan-precision.co.kr", "EMAIL"),
    ("참조: https://intra.daehan.co.kr/qa?id=12.", "https://intra.daehan.co.kr/qa?id=12", "URL"),
    ("www.daehan.co.kr 에서 다운로드", "www.daehan.co.kr", "URL"),
    ("daehan-precision.co.kr 참조", "daehan-precision.co.kr", "URL"),
    ("PLC 192.168.0.10:502 통신 끊김", "192.168.0.10", "IP_ADDRESS"),
    ("gateway 10.0.0.1", "10.0.0.1", "IP_ADDRESS"),
    ("IP 1.2.3.4 차단", "1.2.3.4", "IP_ADDRESS"),
    ("Server 192.168.29.154 rebooted", "192.168.29.154", "IP_ADDRESS"),  # "ver" inside a word is no version cue
    ("Driver 10.1.2.3 down", "10.1.2.3", "IP_ADDRESS"),
    ("host fe80::1ff:fe23:4567:890a down", "fe80::1ff:fe23:4567:890a", "IP_ADDRESS"),
    ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "IP_ADDRESS"),
    ("MAC 00:1A:2B:3C:4D:5E", "00:1A:2B:3C:4D:5E", "MAC_ADDRESS"),
    ("MAC 00-1a-2b-3c-4d-5e 교체", "00-1a-2b-3c-4d-5e", "MAC_ADDRESS"),
    ("switch 001a.2b3c.4d5e", "001a.2b3c.4d5e", "MAC_ADDRESS"),
    ("laptop MAC is AF5159FA57BE, assigned", "AF5159FA57BE", "MAC_ADDRESS"),
    ("Kindly update: CRN 1348118276471, thanks", "1348118276471", "KR_CRN"),
])
def test_network_identifiers(text, surface, entity):
    assert replaced(text) == [(surface, entity)]


@pytest.mark.parametrize(("text", "surface"), [
    ("서울특별시 강남구 테헤란로 123", "서울특별시 강남구 테헤란로 123"),
    ("주소: 경기도 화성시 동탄대로 12-3 방문", "경기도 화성시 동탄대로 12-3"),
    ("서울시 강남구 테헤란로 43길 9", "서울시 강남구 테헤란로 43길 9"),
    ("창원시 성산구 공단로123번길 45", "창원시 성산구 공단로123번길 45"),
    ("중앙로 123번길 45-6 창고", "중앙로 123번길 45-6"),
    ("경기도 화성시 팔탄면 푸른들판로 123, 101동 202호 배송", "경기도 화성시 팔탄면 푸른들판로 123, 101동 202호"),
    ("부산광역시 해운대구 센텀중앙로 97 (우동)", "부산광역시 해운대구 센텀중앙로 97 (우동)"),
    ("세종특별자치시 한누리대로 2130", "세종특별자치시 한누리대로 2130"),
    ("경남 창원시 성산구 팔용로 375, 2층", "경남 창원시 성산구 팔용로 375, 2층"),
])
def test_road_name_addresses(text, surface):
    assert replaced(text) == [(surface, "ADDRESS")]


@pytest.mark.parametrize(("text", "surface"), [
    ("주소 경기도 시흥시 정왕동 1447-17 3블록", "경기도 시흥시 정왕동 1447-17 3블록"),
    ("강원특별자치도 횡성군 우천면 오원리 903-1, 급여", "강원특별자치도 횡성군 우천면 오원리 903-1"),
    ("화성시 향남읍 상신리 산 45-3 일대", "화성시 향남읍 상신리 산 45-3"),
    ("숙소 95, Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do |",
     "95, Gongdan-ro, Seongsan-gu, Changwon-si, Gyeongsangnam-do"),
    ("leave 127, Seongseogongdan-ro, Dalseo-gu, Daegu on 8/24", "127, Seongseogongdan-ro, Dalseo-gu, Daegu"),
])
def test_lot_number_and_english_order_addresses(text, surface):
    assert replaced(text) == [(surface, "ADDRESS")]


@pytest.mark.parametrize(("text", "surface"), [
    ("12가 3456 입차", "12가 3456"),
    ("123가4567 출차", "123가4567"),
    ("서울12가3456", "서울12가3456"),
    ("납품차량 경기 34나 5678", "경기 34나 5678"),
    ("렌터카 45호1234", "45호1234"),
    ("화물차 110주 8485 기사", "110주 8485"),  # a counter letter, spaced: the vehicle word admits it
    ("입차 77호 9880", "77호 9880"),
    ("오전 7:13 51조 3995 진입", "51조 3995"),  # the vehicle word after it
    ("Car: 43조 3281 | Tel", "43조 3281"),
])
def test_vehicle_plates(text, surface):
    assert replaced(text) == [(surface, "VEHICLE_PLATE")]


@pytest.mark.parametrize(("text", "surface"), [
    ("여권번호 M12345678", "M12345678"),
    ("passport no. S12345678", "S12345678"),
    ("출장자 M123A4567 확인", "M123A4567"),
    ("해외 출국 서류 R70315741 확인", "R70315741"),
])
def test_passports(text, surface):
    assert replaced(text) == [(surface, "KR_PASSPORT")]


@pytest.mark.parametrize(("text", "surface"), [
    ("국민은행 123456-01-123456", "123456-01-123456"),
    ("신한 110-123-456789 (예금주 대한정밀)", "110-123-456789"),
    ("입금계좌: 우리 1002-123-456789", "1002-123-456789"),
    ("신한은행 계좌번호는 110-123-456789 입니다", "110-123-456789"),
    ("카카오뱅크 3333011234567", "3333011234567"),
    ("Acct: 123-456-789012", "123-456-789012"),
    ("IBK기업은행 123-456789-01-011", "123-456789-01-011"),
    ("새마을금고 9002-1234-5678-9 입금", "9002-1234-5678-9"),
    ("급여 이체 | 8054-20-2027885(카카오뱅크) |", "8054-20-2027885"),
    ("반환: 279-795049-51352(하나)", "279-795049-51352"),
    ("입금계좌: [신협] 006-280-964217 / 예금주", "006-280-964217"),
    ("입금계좌 수협 / 0553-3120-4065", "0553-3120-4065"),
])
def test_bank_accounts(text, surface):
    assert replaced(text) == [(surface, "BANK_ACCOUNT")]


def test_driver_licences():
    assert replaced("운전면허 11-12-345678-90 확인") == [("11-12-345678-90", "KR_DRIVER_LICENSE")]
    assert replaced("도면 DW-12-345678-90") == []


# Plant text that looks like identifiers and is not: all of it must pass through untouched.
PLANT_CODES = [
    "LOT 8001011234560 입고",
    "LOT No. 8001011234560",
    "lot#8001011234560",
    "로트번호: 8001011234560",
    "S/N 8001011234560",
    "제조번호 800101-1234560",
    "바코드 8801234567890",
    "P/N M123A4567",
    "품번: S123A4567",
    "도면번호 D123A4567 개정",
    "부품 M12345678 교체",
    "KS B 0001",
    "KS D 3503 SS400",
    "ISO 9001:2015 인증",
    "IATF 16949",
    "2025-01-06",
    "2025.01.06 14:30:25",
    "20250106",
    "2024년 12월 31일",
    "12.5 mm",
    "Ø12.5±0.05",
    "M8x1.25 볼트",
    "압력 150 kgf/cm2",
    "온도 180.5℃",
    "불량률 0.35%",
    "수량 1,200 EA",
    "제어 회로 2번",
    "고객님 요청",
    "200톤 블랭킹 프레스 1호기",
    "각도 90도 1500 유지",
    "101동 202호 1234",
    "v2.3.1 업데이트",
    "펌웨어 버전 1.2.3.4 적용",
    "Firmware 2.0.1.15",
    "MES 2.3.10.4 배포",
    "Ver. 10.2.0.13",
    "IEC 61131-3, DIN 912, JIS B 1180, ASTM A36",
    "SUS304 SS400 SM45C",
    "M12x1.75 Ø30 H7/g6 HRC 58-62 Ra 1.6",
    "보호등급 IP65",
    "KS B 0001 3.1.2.1항 참조",
    "4.2.1.3 절 참조",
    "991340-1****** 형식 코드",
    "입금 2025-01-06 확인",
    "회전수 1500-1800 rpm 구간 진동",
    "속도 1600-1800 유지",
    "1800-1900rpm 공진",
    "연락처 미기재",
    "KB 2025-01-06",
    "작업지시 WO-20250106-001",
    "설비코드 EQP-PR-0001",
    "report_2025.xlsx 첨부",
    "시간 14:30:00:00",
    "사이클타임 32.5초, SPM 45",
    "품목코드 0212345678",
    "2라인 3공정 01-06 교대",
    "레시피 2.6.1.156 적용",
    "로직 3.2.8.206 MES 반영",
    "FW 6.81 → 8.2.0.228 업그레이드",
    "수량 1588 0162 EA",  # two numbers of a table, no phone cue
    "품번 0AF5159FA57BE1",
    "해시 d41d8cd98f00",  # twelve hex digits without a MAC cue or an IP address in the line
    "거래처 코드 1489128104",  # a valid check digit without a cue or separators
]


@pytest.mark.parametrize("text", PLANT_CODES)
def test_plant_codes_are_not_identifiers(text):
    assert replaced(text) == []


def test_a_lot_number_stays_while_the_phone_next_to_it_goes():
    assert replaced("LOT 8001011234560, 담당 010-1234-5678") == [("010-1234-5678", "PHONE")]


def test_identifiers_may_overlap_before_the_redactor_resolves_them():
    found = identifiers.identifiers("국민은행 010-1234-5678")
    assert {entity for _, _, entity in found} == {"PHONE", "BANK_ACCOUNT"}
    assert replaced("국민은행 010-1234-5678") == [("010-1234-5678", "PHONE")]
