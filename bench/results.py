"""Writes the measured part of bench/RESULTS.md from bench/bench.py's results.

Only the text between the two markers is replaced; everything else in the file (the notes,
the Lighthouse section) is kept as it is.
"""

import re

BEGIN = "<!-- bench:begin: written by `make bench` (bench/bench.py); edit outside the markers -->"
END = "<!-- bench:end -->"

GOAL_ARTICLE_RATIO = 0.6
GOAL_P99_MS = 25
GOAL_PROXY_RATIO = 0.5
GOAL_POSTS_PER_SECOND = 300
GOAL_BYTES = 50 * 1024
GOAL_MEMORY_MB = 300


def ms(figures):
    return f"{figures['p99_us'] / 1000:.1f} ms"


def ratio(figures, reference):
    return figures["rps"] / reference["rps"] if reference["rps"] else 0.0


def yes(condition):
    return "yes" if condition else "**no**"


def goals_table(sqlite):
    gunicorn, rows = sqlite["gunicorn"], []
    article, static = gunicorn.get("article"), gunicorn["static_css"]
    if article:
        r = ratio(article, static)
        rows.append(
            (
                "Article page vs the site's CSS, same gunicorn (SQLite)",
                f"≥ {GOAL_ARTICLE_RATIO}×",
                f"{r:.2f}× ({article['rps']:.0f} vs {static['rps']:.0f} req/s)",
                yes(r >= GOAL_ARTICLE_RATIO),
            )
        )
        rows.append(
            (
                "Article page p99 at 32 connections",
                f"< {GOAL_P99_MS} ms",
                f"{ms(article)} (the CSS file: {ms(static)})",
                yes(article["p99_us"] < GOAL_P99_MS * 1000),
            )
        )
    nginx = sqlite.get("nginx")
    if nginx:
        r = ratio(nginx["article"], nginx["static_css"])
        rows.append(
            (
                "Article page vs a static file, both through nginx (deploy/nginx.conf)",
                f"≥ {GOAL_PROXY_RATIO}×",
                f"{r:.2f}× ({nginx['article']['rps']:.0f} vs {nginx['static_css']['rps']:.0f} req/s)",
                yes(r >= GOAL_PROXY_RATIO),
            )
        )
    post = sqlite.get("booking_post")
    if post:
        ok = post["errors"] == 0 and post["refused"] == 0
        rows.append(
            (
                "Booking POST on SQLite, unique clients",
                f"≥ {GOAL_POSTS_PER_SECOND}/s, no errors",
                f"{post['accepted'] / (post['duration_us'] / 1e6):.0f}/s, {post['errors'] + post['refused']} errors",
                yes(ok and post["accepted"] / (post["duration_us"] / 1e6) >= GOAL_POSTS_PER_SECOND),
            )
        )
        rows.append(
            (
                "Every accepted enquiry in the database, none twice",
                "all",
                f"{post['accepted']} accepted (+{post['new_rows'] - post['accepted']} in flight at the end), "
                f"{post['new_rows']} rows",
                yes(post["all_accepted_saved"] and post["no_duplicates"]),
            )
        )
    delivery = sqlite.get("delivery")
    if delivery:
        rows.append(
            (
                "Every notification delivered once (worker → SMTP sink)",
                "all, once",
                f"{delivery['received']} of {delivery['expected']}, {delivery['duplicates']} duplicates",
                yes(delivery["received"] == delivery["expected"] and delivery["duplicates"] == 0),
            )
        )
    page_bytes = sqlite.get("bytes")
    if page_bytes:
        rows.append(
            (
                "Article HTML + CSS, compressed",
                "≤ 50 KB",
                f"{page_bytes['total'] / 1024:.1f} KB ({page_bytes['article_html']['bytes'] / 1024:.1f} + "
                f"{page_bytes['css']['bytes'] / 1024:.1f})",
                yes(page_bytes["total"] <= GOAL_BYTES),
            )
        )
        rows.append(
            (
                "JavaScript on the article page",
                "none needed",
                f"{page_bytes['scripts']} script elements (JSON-LD aside)",
                yes(page_bytes["scripts"] == 0),
            )
        )
    rest, after = sqlite.get("memory_at_rest"), sqlite.get("memory_after_load")
    if rest:
        worst = max(rest[0], after[0] if after else 0)
        rows.append(
            (
                "Memory: gunicorn (master + 2 workers) + task worker",
                f"≤ {GOAL_MEMORY_MB} MB",
                f"{rest[0]:.0f} MB at rest, {after[0]:.0f} MB after the load" if after else f"{rest[0]:.0f} MB",
                yes(worst <= GOAL_MEMORY_MB),
            )
        )
    rows.append(("Queries per page", "article ≤ 2", "pinned by tests/site/test_query_counts.py", "yes"))
    return table(["Goal", "Target", "Measured", "Met"], rows)


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


NAMES = {
    "static_css": "CSS file (reference)",
    "article": "Article page",
    "home": "Home page",
    "booking_form": "Booking form page",
}


def throughput_table(run):
    static = run["gunicorn"]["static_css"]
    rows = []
    for name, figures in run["gunicorn"].items():
        rows.append(
            (
                NAMES.get(name, name),
                f"`{run['urls'][name]}`",
                f"{figures['rps']:.0f}",
                f"{figures['p50_us'] / 1000:.1f} ms",
                ms(figures),
                f"{ratio(figures, static):.2f}×",
                figures["errors"],
            )
        )
    return table(["Page", "URL", "req/s", "p50", "p99", "× CSS", "errors"], rows)


def render(results):
    machine = results["machine"]
    parts = [
        BEGIN,
        "",
        f"Latest run: {results['when']} on {machine['cpus']} CPUs; wrk `{machine['wrk']}` per figure; "
        f"load average before the run {', '.join(str(x) for x in results['load_before'])}. "
        "Reproduce with `make bench` (about five minutes). Raw figures: `bench/out/results.json`.",
        "",
    ]
    runs = {run["database"]: run for run in results["runs"]}
    if "sqlite" in runs:
        parts += ["## Goals (SQLite, the production default)", "", goals_table(runs["sqlite"]), ""]
    for label, run in runs.items():
        title = {"sqlite": "SQLite (WAL)", "postgresql": "PostgreSQL"}.get(label, label)
        parts += [f"## gunicorn, {title}: each page against the CSS file from the same server", ""]
        if run.get("when") and run["when"] != results["when"]:
            parts += [f"(Measured {run['when']}.)", ""]
        parts += [throughput_table(run), ""]
        if run.get("nginx"):
            nginx = run["nginx"]
            parts += [
                "Through nginx with deploy/nginx.conf's caching (X-Cache-Status of the article: "
                f"{nginx.get('article_cache_status')}):",
                "",
                table(
                    ["Through nginx", "req/s", "p99", "× static", "errors"],
                    [
                        (
                            NAMES[name],
                            f"{nginx[name]['rps']:.0f}",
                            ms(nginx[name]),
                            f"{ratio(nginx[name], nginx['static_css']):.2f}×",
                            nginx[name]["errors"],
                        )
                        for name in ("static_css", "article")
                    ],
                ),
                "",
            ]
        post, delivery = run.get("booking_post"), run.get("delivery")
        if post:
            per_second = post["accepted"] / (post["duration_us"] / 1e6)
            parts += [
                f"Booking POST: **{per_second:.0f} enquiries/s**, p99 {ms(post)}, {post['accepted']} accepted "
                f"(303), {post['refused']} refused, {post['errors']} socket/status errors; "
                f"{post['new_rows']} new rows, {post['db']['distinct_emails']} distinct clients.",
                "",
            ]
        if delivery:
            parts += [
                f"Then the worker sent {delivery['received']} of {delivery['expected']} notifications to the SMTP "
                f"sink in {delivery['seconds']} s ({delivery['per_second']}/s), {delivery['duplicates']} "
                f"duplicates; deliveries by status: {delivery['deliveries']}.",
                "",
            ]
        rest, after = run.get("memory_at_rest"), run.get("memory_after_load")
        if rest:
            text = f"Memory (RSS, gunicorn master + workers + task worker): {rest[0]:.0f} MB at rest"
            parts += [text + (f", {after[0]:.0f} MB after the load." if after else "."), ""]
    parts.append(END)
    return "\n".join(parts)


def write_results(results, path):
    block = render(results)
    text = path.read_text() if path.exists() else "# Benchmark results\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN not in text:
        text = text.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    path.write_text(pattern.sub(lambda _: block, text, count=1))


if __name__ == "__main__":  # rewrite RESULTS.md from the last run's bench/out/results.json
    import json
    from pathlib import Path

    bench = Path(__file__).resolve().parent
    write_results(json.loads((bench / "out" / "results.json").read_text()), bench / "RESULTS.md")
