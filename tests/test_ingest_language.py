"""The cheap English check: scripts first, then the share of function words."""

from __future__ import annotations

import pytest

from dealscope.ingest.language import detect_language, is_english


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "The company said it had agreed to buy a stake in the mine, which is owned by the "
            "state, and that the deal would be completed by the end of the year.",
            "en",
        ),
        ("ACME CORP SAID IT WILL ACQUIRE THE REST OF WIDGET FOR 40 DLRS A SHARE", "en"),
        ("Boeing wins order from the airline", "en"),
        (
            "Правительство подписало соглашение с компанией о разработке месторождения.",
            "ru",
        ),
        ("Уряд підписав угоду з компанією про розробку родовища і будівництво заводу.", "uk"),
        ("中国政府与美国公司签署了一项投资协议，金额约为十亿美元。", "zh"),
        ("日本の会社は、アメリカの工場を買収すると発表しました。", "ja"),
        ("한국 정부는 미국 회사와 투자 협정을 체결했다고 밝혔다.", "ko"),
        ("وقعت الحكومة اتفاقية مع شركة أمريكية لتطوير منجم التنغستن في البلاد.", "ar"),
        (
            "Le gouvernement a signé un accord avec une société américaine pour le "
            "développement de la mine, selon un communiqué publié par le ministère.",
            "fr",
        ),
        (
            "Die Regierung hat mit dem amerikanischen Unternehmen einen Vertrag über die "
            "Entwicklung der Mine unterzeichnet, teilte das Ministerium mit.",
            "de",
        ),
        ("Shr 31 cts vs 22 cts Net 804,112 vs 577,300 Revs 5.1 mln vs 4.8 mln", "und"),
        ("12,345 67.8 %", "und"),
        ("", "und"),
    ],
)
def test_detect_language(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_a_few_foreign_names_do_not_make_english_text_foreign() -> None:
    text = (
        "The Almaty miner Qazaq Volfram will hold 30% of the project, and the minister, "
        "Yerlan Nurzhanov, welcomed the deal (Казахстан) in a statement."
    )
    assert is_english(text)
