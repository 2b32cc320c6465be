"""What the chat window says about the index and the active filters, computed fresh on every call.

Invariants: nothing here is cached between page loads or index actions (callers ask again); outlet names
and headlines are untrusted and leave here only through ``render.verbatim``; filter errors are worded
with the window's own labels ("Published since"), never CLI flags.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.filters import FilterError, parse_filters
from assistant.render import verbatim

NO_OUTLET_LABEL = "(no outlet)"
FIELD_LABELS = {"since": "Published since", "until": "Published until"}
CHECK_HINT = "To check a claim, click its [n] or source chip: the article opens with the sentence highlighted."


@dataclass
class Overview:
    articles: int
    outlets: dict  # outlet name as stored ("" = none) → article count
    first: str  # ISO dates, "" when no article is dated
    last: str
    recent: list[tuple[str, str]]  # (outlet, headline) of the most recent articles

    def summary(self) -> str:
        """ "609 articles · 42 outlets · Sep 2023 – Dec 2023" """
        named = len([o for o in self.outlets if o])
        parts = [plural(self.articles, "article"), plural(named, "outlet")]
        if self.first:
            parts.append(month_range(self.first, self.last))
        return " · ".join(parts)

    def outlet_choices(self) -> list[tuple[str, str]]:
        return [(name or NO_OUTLET_LABEL, name or NO_OUTLET_LABEL) for name in self.outlets]

    def example_questions(self) -> list[str]:
        return [example_question(outlet, title) for outlet, title in self.recent[:3]]


def overview(services) -> Overview:
    stats = services.stats()
    catalog = services.catalog
    catalog.refresh()
    return Overview(stats["articles"], dict(stats["sources"]), (stats["first_published"] or "")[:10],
                    (stats["last_published"] or "")[:10], recent_headlines(catalog))


def recent_headlines(catalog, count: int = 3) -> list[tuple[str, str]]:
    """The newest headlines, one per outlet while outlets last."""
    articles = {}
    for a in catalog.articles():
        if a.title and a.article_id not in articles:
            articles[a.article_id] = (a.published_at, a.source, a.title)
    newest = sorted(articles.values(), key=lambda a: a[0], reverse=True)
    picked, outlets = [], set()
    for _, source, title in newest:
        if source not in outlets:
            picked.append((source, title))
            outlets.add(source)
    picked += [(s, t) for _, s, t in newest if (s, t) not in picked]
    return picked[:count]


def example_question(outlet: str, title: str) -> str:
    title = title.strip().rstrip(".?!")
    return f"What did {outlet} report about “{title}”?" if outlet else f"What happened: “{title}”?"


def placeholder_markdown(view: Overview) -> str:
    if not view.articles:
        return "**Nothing is indexed yet.** Add articles in the Index tab, then ask about them here."
    outlets = ", ".join(verbatim(o) for o in list(view.outlets)[:8] if o)
    more = f" and {len(view.outlets) - 8} more" if len(view.outlets) > 8 else ""
    return (f"**Searching {verbatim(view.summary())}**<br>"
            + (f"Outlets: {outlets}{more}<br>" if outlets else "")
            + f"<i>{verbatim(CHECK_HINT)}</i>")


def filters_line(view: Overview, outlets, since, until) -> str:
    """The line next to the question box: what is searched, and which filters narrow it."""
    searching = f"Searching {verbatim(view.summary())}"
    try:
        filters = parse_filters(to_stored(outlets), since, until)
    except FilterError as exc:
        return f'{searching} · <span class="error">{verbatim(ui_wording(exc))}</span>'
    active = describe_filters(outlets, filters)
    return f'{searching} · <span class="active">Filtered: {verbatim(active)}</span>' if active else \
        f"{searching} · no filters"


def describe_filters(outlets, filters) -> str:
    parts = []
    if outlets:
        parts.append("outlet " + ", ".join(outlets))
    if filters.since:
        parts.append(f"since {filters.since.date().isoformat()}")
    if filters.until:
        parts.append(f"until {filters.until.date().isoformat()}")
    return "; ".join(parts)


def to_stored(outlets) -> list[str]:
    return ["" if o == NO_OUTLET_LABEL else o for o in (outlets or [])]


def ui_wording(error: FilterError) -> str:
    if error.problem == "reversed":
        since, until = error.value.split(" > ")
        return f"“Published since” ({since}) is after “Published until” ({until}), so no article could match."
    if error.problem == "out_of_range":
        return "The number of passages must be between 1 and 100."
    return f"“{FIELD_LABELS.get(error.field, error.field)}”: “{error.value}” isn't a date I can read. Try 2023-10-31."


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def month_range(first: str, last: str) -> str:
    start, end = (datetime.fromisoformat(d).strftime("%b %Y") for d in (first, last))
    return start if start == end else f"{start} – {end}"
