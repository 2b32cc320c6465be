"""The ``newsdesk`` command: index / stats / ask / serve / eval."""
from __future__ import annotations

import argparse
import json
import logging
import sys

from assistant import cli_answer
from index.errors import fatal_message
from services import Services
from settings import get_settings, offline_environment

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    offline_environment()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    configure_logging(args.verbose)
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:  # machine and home-folder faults get one clear line; bugs keep their traceback
        message = fatal_message(exc, get_settings())
        if not message:
            raise
        log.debug("the command failed", exc_info=True)  # -vv shows where
        print(message, file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk", description="Ask questions about news articles.")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log what happens on stderr (-v: info, -vv: debug)")
    commands = parser.add_subparsers(title="commands")

    index = commands.add_parser("index", help="add or refresh articles from files, folders, URLs or feeds")
    index.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
    index.add_argument("--prune", action="store_true", help="delete articles no longer under the given paths")
    index.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    index.add_argument("--full", action="store_true",
                       help="read every file, also those unchanged (size, times, inode) since they were indexed")
    index.set_defaults(handler=cmd_index)

    doctor = commands.add_parser("doctor", help="check the vector store against the manifest and repair it")
    doctor.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    doctor.set_defaults(handler=cmd_doctor)

    stats = commands.add_parser("stats", help="what the index holds")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=cmd_stats)

    cli_answer.add_commands(commands)
    return parser


def configure_logging(verbose: int) -> None:
    """Each module logs to its own logger (``logging.getLogger(__name__)``); the command shows warnings, and
    with -v/-vv info and debug records too (third-party libraries stay at warning)."""
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    root = logging.getLogger()
    if not root.handlers:  # the handler's level also stops libraries that set their own loggers to DEBUG
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(level)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    for ours in ("assistant", "index", "app", "app_handlers"):
        logging.getLogger(ours).setLevel(level)


def cmd_index(args) -> int:
    indexer = Services(get_settings()).indexer()
    result = indexer.run(args.targets, prune=args.prune, reread=args.full)
    if indexer.repair.changed:
        print(f"Repaired the vector store: {_repair_line(indexer.repair)}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(f"Added {result.added}, updated {result.updated}, skipped {result.skipped} "
              f"(of which {result.duplicates} syndicated copies recorded), deleted {result.deleted}, "
              f"failed {len(result.failed)}." + (f" {result.unread} files unchanged since indexed, not read "
                                                 "(--full reads them)." if result.unread else ""))
        for failure in result.failed:
            print(f"  ✗ {failure.path}: {failure.error}")
        for passed in result.skipped_paths:
            print(f"  – skipped {passed.path}: {passed.error}")
    return 1 if result.failed else 0


def cmd_doctor(args) -> int:
    report = Services(get_settings()).indexer().doctor()
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False))
    else:
        print(f"Checked {report.committed} committed chunks against {report.stored} stored vectors: "
              f"{_repair_line(report)}")
        for problem in report.problems:
            print(f"  ! {problem}")
    return 0


def _repair_line(report) -> str:
    return (f"{report.reembedded} of {report.missing} missing vectors re-embedded, "
            f"{report.orphans} orphan vectors deleted" + (f", damaged store moved to {report.moved_aside}"
                                                         if report.moved_aside else ""))


def cmd_stats(args) -> int:
    services = Services(get_settings())
    settings, stats = services.settings, services.stats()
    if args.json:
        print(json.dumps({"home": str(settings.home.resolve()), **stats}, ensure_ascii=False))
        return 0
    print(f"Home: {settings.home.resolve()} (NEWSDESK_HOME)")
    warning = cli_answer.empty_index_warning(services)
    if warning:
        print(warning, file=sys.stderr)
    print(f"Articles: {stats['articles']}  Chunks: {stats['chunks']}  Syndicated copies: {stats['duplicates']}")
    print(f"Published: {stats['first_published'] or '-'} .. {stats['last_published'] or '-'}")
    print(f"Last reindex: {stats['last_indexed'] or 'never'}")
    for source, count in stats["sources"].items():
        print(f"  {count:5d}  {source or '(no outlet)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
