"""Writes the measured part of bench/RESULTS.md from bench/bench.py's results.

Only the text between the two markers is replaced; everything else in the file (the notes,
the Lighthouse section) is kept as it is.
"""

import re

BEGIN = "<!-- bench:begin: written by `make bench` (bench/bench.py); edit outside the markers -->"
END = "<!-- bench:end -->"

# Issue 14's goals (and the earlier ones still kept).
GOAL_CACHED_RATIO = 1.0  # each cached public page vs the site's CSS file, same gunicorn
GOAL_FORM_RATIO = 0.5  # GET /book/ vs the CSS file
GOAL_POSTS_PER_SECOND = {"sqlite": 500, "postgresql": 350}
GOAL_ADMIN_RATIO = 2.0  # each admin page at 100,000 enquiries vs at 100
GOAL_MEMORY_MB = 250
GOAL_PROXY_RATIO = 0.5
GOAL_BYTES = 50 * 1024
CACHED_PAGES = ["article", "home", "treatments", "about"]
ADMIN_PAGES = {
    "enquiry_list": "enquiry list (default)",
    "phone_search": "enquiry list, a phone-number search",
    "status_filter": "enquiry list, a status filter",
    "enquiry_page": "an enquiry's page",
    "admin_index": "the admin index (desk home)",
    "visits_list": "the visits list",
}
DATABASE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def ms(figures) -> str:
    return f"{figures['p99_us'] / 1000:.1f} ms"


def ratio(figures, reference) -> float:
    return figures["rps"] / reference["rps"] if reference["rps"] else 0.0


def yes(condition) -> str:
    return "yes" if condition else "**no**"


def per_second(post) -> float:
    return post["accepted"] / (post["duration_us"] / 1e6)


def css_share(rate, static) -> str:
    """The POST rate against the CSS file of the same run: a figure that depends less on the
    machine than req/s, to compare runs on different machines or under different loads."""
    return f"; {rate / static['rps']:.3f}× the CSS file's req/s" if static and static["rps"] else ""


def goals_table(runs) -> str:
    """Every goal of issue 14, for each database measured, with its ratio."""
    rows = []
    for label, run in runs.items():
        db = DATABASE_NAMES.get(label, label)
        gunicorn = run.get("gunicorn", {})
        static = gunicorn.get("static_css")
        for name in CACHED_PAGES if static else []:
            page = gunicorn.get(name)
            if page:
                r = ratio(page, static)
                rows.append(
                    (
                        f"{NAMES[name]} (cached) vs the CSS file, same gunicorn, {db}",
                        f"≥ {GOAL_CACHED_RATIO}×, p99 ≤ the CSS file's",
                        f"{r:.2f}× ({page['rps']:.0f} vs {static['rps']:.0f} req/s), p99 {ms(page)} vs {ms(static)}",
                        yes(r >= GOAL_CACHED_RATIO and page["p99_us"] <= static["p99_us"]),
                    )
                )
        form = gunicorn.get("booking_form")
        if form and static:
            r = ratio(form, static)
            rows.append(
                (
                    f"Booking form page (GET /book/) vs the CSS file, {db}",
                    f"≥ {GOAL_FORM_RATIO}×",
                    f"{r:.2f}× ({form['rps']:.0f} vs {static['rps']:.0f} req/s), p99 {ms(form)}",
                    yes(r >= GOAL_FORM_RATIO),
                )
            )
        post = run.get("booking_post")
        if post:
            goal, rate = GOAL_POSTS_PER_SECOND.get(label, 0), per_second(post)
            errors = post["errors"] + post["refused"]
            rows.append(
                (
                    f"Booking POST, unique clients, {db}",
                    f"≥ {goal}/s, 0 errors",
                    f"{rate:.0f}/s ({rate / goal:.2f}× the goal{css_share(rate, static)}), {errors} errors",
                    yes(errors == 0 and rate >= goal),
                )
            )
            rows.append(
                (
                    f"Every accepted enquiry saved once, {db}",
                    "all",
                    f"{post['accepted']} accepted (+{post['new_rows'] - post['accepted']} in flight at the end), "
                    f"{post['new_rows']} rows",
                    yes(post["all_accepted_saved"] and post["no_duplicates"]),
                )
            )
        delivery = run.get("delivery")
        if delivery:
            rows.append(
                (
                    f"Every notification delivered once (worker → SMTP sink), {db}",
                    "all, once",
                    f"{delivery['received']} of {delivery['expected']}, {delivery['duplicates']} duplicates",
                    yes(delivery["received"] == delivery["expected"] and delivery["duplicates"] == 0),
                )
            )
        rows += admin_goal_rows(run.get("admin"), db)
        rest, after = run.get("memory_at_rest"), run.get("memory_after_load")
        if rest:
            worst = max(rest[0], after[0] if after else 0)
            rows.append(
                (
                    f"Memory (PSS): web (gunicorn master + 2 workers) + task worker, {db}",
                    f"≤ {GOAL_MEMORY_MB} MB",
                    f"{rest[0]:.0f} MB at rest, {after[0]:.0f} MB after the load" if after else f"{rest[0]:.0f} MB",
                    yes(worst <= GOAL_MEMORY_MB),
                )
            )
        nginx = run.get("nginx")
        if nginx:
            r = ratio(nginx["article"], nginx["static_css"])
            rows.append(
                (
                    f"Article vs a static file, both through nginx (deploy/nginx.conf), {db}",
                    f"≥ {GOAL_PROXY_RATIO}×",
                    f"{r:.2f}× ({nginx['article']['rps']:.0f} vs {nginx['static_css']['rps']:.0f} req/s)",
                    yes(r >= GOAL_PROXY_RATIO),
                )
            )
        page_bytes = run.get("bytes")
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
    rows.append(("Queries per public page", "pinned", "tests/site/test_query_counts.py", "yes"))
    return table(["Goal", "Target", "Measured", "Met"], rows)


def admin_goal_rows(admin, db) -> list[tuple]:
    if not admin or len(admin["sizes"]) < 2:
        return []
    sizes = sorted(admin["sizes"], key=int)
    small, large = admin["sizes"][sizes[0]], admin["sizes"][sizes[-1]]
    rows = []
    for name, title in ADMIN_PAGES.items():
        before, after = small["pages"].get(name), large["pages"].get(name)
        if not before or not after:
            rows.append((f"Admin: {title}, {db}", f"≤ {GOAL_ADMIN_RATIO}×", "not measured (no such page)", "**no**"))
            continue
        ok = before["status"] == after["status"] == 200
        r = after["median_ms"] / before["median_ms"] if before["median_ms"] else 0.0
        rows.append(
            (
                f"Admin: {title}, {int(sizes[-1]):,} vs {int(sizes[0]):,} enquiries, {db}",
                f"≤ {GOAL_ADMIN_RATIO}×",
                f"{r:.1f}× ({before['median_ms']:.0f} → {after['median_ms']:.0f} ms)"
                + ("" if ok else f", status {before['status']}/{after['status']}"),
                yes(ok and r <= GOAL_ADMIN_RATIO),
            )
        )
    rows.append(
        (
            f"Seeding {int(sizes[-1]):,} enquiries (bulk inserts), {db}",
            "seconds, not minutes",
            f"{large['seed_seconds']} s",
            yes(large["seed_seconds"] < 60),
        )
    )
    return rows


def table(header, rows) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


NAMES = {
    "static_css": "CSS file (reference)",
    "article": "Article page",
    "home": "Home page",
    "treatments": "Treatments page",
    "about": "About page",
    "booking_form": "Booking form page",
}


def throughput_table(run) -> str:
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


def render(results) -> str:
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
    parts += ["## Goals (issue 14)", "", goals_table(runs), ""]
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
            parts += [
                f"Booking POST: **{per_second(post):.0f} enquiries/s**, p99 {ms(post)}, {post['accepted']} accepted "
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
        if run.get("admin"):
            parts += [admin_table(run["admin"]), ""]
        rest, after = run.get("memory_at_rest"), run.get("memory_after_load")
        if rest:
            text = f"Memory (gunicorn master + workers + task worker): PSS {rest[0]:.0f} MB at rest"
            if after:
                text += f", {after[0]:.0f} MB after the load"
            if len(rest) > 2:  # the sum of RSS counts the pages the forked workers share once per process
                text += f"; the sum of RSS {rest[2]:.0f} MB at rest"
                text += f", {after[2]:.0f} MB after the load" if after and len(after) > 2 else ""
            parts += [text + ".", ""]
    parts.append(END)
    return "\n".join(parts)


def admin_table(admin) -> str:
    sizes = sorted(admin["sizes"], key=int)
    header = ["Admin page (median of the timed requests)", *[f"{int(size):,} enquiries" for size in sizes]]
    rows = []
    for name, title in ADMIN_PAGES.items():
        cells = []
        for size in sizes:
            page = admin["sizes"][size]["pages"].get(name)
            cells.append(
                f"{page['median_ms']:.0f} ms" + ("" if page["status"] == 200 else f" ({page['status']})")
                if page
                else "–"
            )
        rows.append((title, *cells))
    rows.append(("seeding (seed_enquiries)", *[f"{admin['sizes'][size]['seed_seconds']} s" for size in sizes]))
    return table(header, rows)


README_BEGIN = "<!-- bench-goals:begin: written by `make bench` (bench/results.py) -->"
README_END = "<!-- bench-goals:end -->"


def write_readme_goals(results, path) -> None:
    """The same goal table in README.md, between its markers (left alone when they are missing)."""
    text = path.read_text()
    if README_BEGIN not in text:
        return
    runs = {run["database"]: run for run in results["runs"]}
    block = "\n".join(
        [
            README_BEGIN,
            f"From the latest `make bench` ({results['when']}, load average before the run "
            f"{', '.join(str(x) for x in results['load_before'])}); details in bench/RESULTS.md.",
            "",
            goals_table(runs),
            README_END,
        ]
    )
    pattern = re.compile(re.escape(README_BEGIN) + ".*?" + re.escape(README_END), re.S)
    path.write_text(pattern.sub(lambda _: block, text, count=1))


def write_results(results, path) -> None:
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
    results = json.loads((bench / "out" / "results.json").read_text())
    write_results(results, bench / "RESULTS.md")
    write_readme_goals(results, bench.parent / "README.md")
