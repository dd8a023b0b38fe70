"""What the app holds once: big tables shared rather than loaded twice."""

from __future__ import annotations


def test_the_part_of_speech_table_is_jiebas_own() -> None:
    """jieba.posseg reads its ~350,000 tags when imported; the entity layer's table for the
    same dictionary is that one, not a second copy (~40 MB)."""
    import jieba.posseg

    from reader.entities.vocabulary import pos_tags

    assert pos_tags() is jieba.posseg.dt.word_tag_tab
    assert pos_tags()["北京"] == "ns"
