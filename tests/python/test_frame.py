"""DataFrames of statements: pandas.DataFrame as is, and to_frame flattened."""
import pytest

import whosaid

pd = pytest.importorskip("pandas")

TEXT = ("\"We will not back down,\" Prime Minister Giorgia Meloni said on Monday. "
        "The talks failed, according to officials.")


def test_dataframe_as_is():
    st = whosaid.extract(TEXT, date="2025-04-05")
    df = pd.DataFrame(st)
    assert list(df.columns) == list(st[0])
    assert len(df) == len(st) == 2


def test_to_frame_flattens():
    st = whosaid.extract(TEXT, date="2025-04-05", id="d")
    df = whosaid.to_frame(st)
    assert len(df) == 2
    cols = list(df.columns)
    assert cols[:5] == ["doc", "kind", "content_text", "content_start", "content_end"]
    for c in ("speaker_name", "speaker_title", "speaker_affiliation", "cue_text", "source_text", "date",
              "cluster", "confidence", "method"):
        assert c in cols
    assert df.loc[0, "speaker_name"] == "Giorgia Meloni"
    assert df.loc[0, "content_text"] == st[0]["content"]["text"]
    assert df.loc[0, "date"] == "2025-03-31"
    # a span that is None in every row still has its columns, all None
    assert "content2_text" in cols and df["content2_text"].isna().all()
    assert df.groupby("speaker_name").size().to_dict()["Giorgia Meloni"] == 1


def test_to_frame_empty_and_generators(extractor):
    df = whosaid.to_frame([])
    assert len(df) == 0 and "content_text" in df.columns and "speaker_name" in df.columns
    df = whosaid.to_frame(extractor.extract_many([TEXT, TEXT]))
    assert len(df) == 4 and list(df["doc"]) == ["0", "0", "1", "1"]
