import pytest

HOSTILE = """
<script>document.title = "pwned"</script>

A [harmless looking link](javascript:alert(1)) and <a href="javascript:alert(2)">another</a>.

<img src="x" onerror="alert(3)"> <p onclick="alert(4)">Click</p>

<iframe src="https://example.com/"></iframe>
"""


@pytest.mark.django_db
def test_script_and_javascript_links_in_a_file_never_reach_the_page(client, load_articles, content_dir):
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(path.read_text() + HOSTILE)
    load_articles("--content-dir", content_dir)

    html = client.get("/articles/it-band-and-lower-back-pain/").content.decode()
    body = html.split('<div class="article-body">', 1)[1].split("</article>", 1)[0]
    assert "<script" not in body
    assert "pwned" not in body
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "onclick" not in html
    assert "<iframe" not in html
    assert "harmless looking link" in body  # the words stay, the link goes
    assert '<script type="application/ld+json">' in html  # the page's own JSON-LD is still there
    assert html.count("<script") == 1


@pytest.mark.django_db
def test_markdown_features_survive_sanitising(client, load_articles, content_dir):
    path = content_dir / "it-band-and-lower-back-pain.md"
    path.write_text(
        path.read_text() + '\nA claim with a footnote.[^a] "Quoted" -- and *emphasised*.\n\n[^a]: The note.\n'
    )
    load_articles("--content-dir", content_dir)

    html = client.get("/articles/it-band-and-lower-back-pain/").content.decode()
    assert 'href="#fn:a"' in html
    assert 'id="fn:a"' in html
    assert "“Quoted” – and <em>emphasised</em>" in html
