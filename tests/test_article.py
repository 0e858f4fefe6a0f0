"""ArticleServer: the article's 001 loop as written, and a stop that really stops it."""

from __future__ import annotations

import pytest

import labkit


@pytest.mark.parametrize("prints", ["discard", "none"])
def test_replies_like_the_article(prints):
    with labkit.ArticleServer(prints=prints) as article:
        replies = [labkit.fetch(*article.address) for _ in range(3)]
    assert replies == [f"Server accessed.({n})" for n in (1, 2, 3)]
    assert article.counts == [1, 2, 3]


def test_keeps_the_article_backlog_of_2():
    assert labkit.ArticleServer().backlog == 2


def test_stop_ends_the_blocking_accept_and_frees_the_port():
    article = labkit.ArticleServer().start()
    address = article.address
    thread = article._thread
    article.stop()
    article.stop()  # twice is fine
    assert not thread.is_alive()
    with pytest.raises(ConnectionRefusedError):
        labkit.fetch(*address, timeout=1)


def test_refuses_non_loopback_and_bad_prints():
    with pytest.raises(labkit.NotLoopbackError):
        labkit.ArticleServer(host="0.0.0.0")
    with pytest.raises(ValueError, match="prints='loud' is not one of .*Cure"):
        labkit.ArticleServer(prints="loud")


def test_address_before_start_is_a_sentence_in_the_notebooks_language():
    article = labkit.ArticleServer()
    with pytest.raises(RuntimeError, match=r"has not been started.*Cure: call start\(\) first"):
        _ = article.address
    labkit.set_language("ja")
    with pytest.raises(RuntimeError, match="まだ起動していない"):
        _ = article.address
