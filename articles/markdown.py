"""Markdown to safe HTML: the one place that decides how an article file becomes a page.

Rendering happens when `manage.py load_articles` runs, never per request. The HTML is
sanitised with nh3 afterwards, so a <script> or a javascript: link in a file cannot reach a page.
"""

import math
import re
from dataclasses import dataclass
from html import escape

import markdown
import nh3

EXTENSIONS = ["footnotes", "toc", "smarty", "attr_list"]
EXTENSION_CONFIGS = {
    # Headings keep their ids (for the table of contents and links to a section);
    # the contents list covers ## and ### only: the page's <h1> is the title.
    "toc": {"toc_depth": "2-3", "permalink": False},
    "footnotes": {"BACKLINK_TITLE": "Back to the text"},
}

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "div", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre",
    "strong", "sup", "sub", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "class"},
    "abbr": {"title"},
    "div": {"class"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "li": {"id"},
    "sup": {"id"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
WORDS_PER_MINUTE = 200


# Citation markers of the original site, "smoking(1)." or "standing (1).": kept in the files,
# shown only when the file lists its sources.
CITATION = re.compile(r" ?\((\d{1,2})\)")
# Where the page puts a panel between two sections: Article.body_parts() splits the HTML there.
SLOT = "<!--slot:{}-->"
MIN_SECTIONS_FOR_CONTENTS = 3


@dataclass(frozen=True)
class Rendered:
    html: str
    toc_html: str
    reading_minutes: int


def section_ids(source) -> list[str]:
    """The ids of the article's ## headings, in order."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    md.convert(source)
    return [token["id"] for token in md.toc_tokens]


def _citations(source, sources_listed) -> str:
    if not sources_listed:
        return CITATION.sub("", source)
    return CITATION.sub(lambda m: f"[({m.group(1)})](#source-{m.group(1)}){{: .citation }}", source)


def _insert_slots(html, slots) -> str:
    """Puts each slot's marker at the end of the section whose ## heading has the given id,
    that is before the next ## heading. A section that ends the article gets none: what
    follows the article is there already."""
    for name, heading_id in slots.items():
        start = html.find(f'<h2 id="{heading_id}">')
        if start == -1:
            continue
        end = html.find("<h2", start + 1)
        if end != -1:
            html = html[:end] + SLOT.format(name) + "\n" + html[end:]
    return html


def sanitise(html) -> str:
    """Only the tags, attributes and link schemes an article needs; everything else is dropped."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def _toc_list(tokens) -> str:
    if not tokens:
        return ""
    items = "".join(
        f'<li><a href="#{escape(token["id"])}">{token["name"]}</a>{_toc_list(token["children"])}</li>'
        for token in tokens
    )
    return f"<ul>{items}</ul>"


def reading_minutes(text) -> int:
    words = len(re.findall(r"\w+(?:[’'-]\w+)*", text))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))


def render(source, *, sources_listed=False, slots=None) -> Rendered:
    """Renders an article's Markdown body; returns the sanitised HTML and its contents list.

    `slots` maps a name ("urgent", "book") to the id of the ## heading whose section it follows."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html")
    html = sanitise(md.convert(_citations(source, sources_listed)))
    # toc_tokens hold each heading's text already HTML-escaped; the list is sanitised like the body.
    # A short article needs no contents list.
    toc_tokens = md.toc_tokens if len(md.toc_tokens) >= MIN_SECTIONS_FOR_CONTENTS else []
    toc_html = sanitise(_toc_list(toc_tokens))
    minutes = reading_minutes(nh3.clean(html, tags=set()))
    return Rendered(html=_insert_slots(html, slots or {}), toc_html=toc_html, reading_minutes=minutes)


_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.DOTALL)


def _plain(html) -> str:
    return " ".join(nh3.clean(html, tags=set()).split())


def question_answers(html) -> list[dict]:
    """A rendered FAQ page as (question, answer) pairs: each ## heading ending in "?" is a question,
    and the text up to the next heading is its answer. For FAQPage structured data."""
    parts = _H2.split(html)
    pairs = []
    for heading, answer in zip(parts[1::2], parts[2::2], strict=True):
        question, answer = _plain(heading), _plain(answer)
        if question.endswith("?") and answer:
            pairs.append({"question": question, "answer": answer})
    return pairs
