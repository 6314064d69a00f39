"""Figures from the 2022 article (../shared/seed/), stated once for every test.

Tests keep their own copy rather than importing the generator's, so a change
to the generator cannot silently change what the tests expect.
"""
ARTICLE_FIELD_TOTALS = {
    "kinh-te": 185,
    "van-hoa-xa-hoi": 222,
    "quoc-phong-an-ninh": 63,
    "he-thong-chinh-tri": 164,
    "nong-thon-moi": 236,
    "khac": 45,
}
ARTICLE_TOTAL = sum(ARTICLE_FIELD_TOTALS.values())  # 915; the headline says 917
