#!/usr/bin/python3
"""Reads an Atom feed on standard input with feedparser (Debian's
python3-feedparser) and prints what it understood as one JSON object:
{"bozo", "bozo_exception", "version", "feed": {...}, "entries": [...]}.

Run by /usr/bin/python3 (tests/integration/feed.test.mjs), never by the
python3 that comes first on PATH, which may lack the module."""
import json
import sys

import feedparser


def links(item):
    return [{"rel": link.get("rel"), "type": link.get("type"),
             "href": link.get("href")} for link in item.get("links", [])]


def main():
    data = sys.stdin.buffer.read()
    parsed = feedparser.parse(data)
    feed = parsed.feed
    out = {
        "bozo": bool(parsed.bozo),
        "bozo_exception": str(parsed.get("bozo_exception", "")),
        "version": parsed.version,
        "feed": {
            "id": feed.get("id"),
            "title": feed.get("title"),
            "updated": feed.get("updated"),
            "links": links(feed),
            "author": feed.get("author"),
        },
        "entries": [{
            "id": e.get("id"),
            "title": e.get("title"),
            "link": e.get("link"),
            "links": links(e),
            "published": e.get("published"),
            "updated": e.get("updated"),
            "updated_parsed": list(e.updated_parsed[:6])
            if e.get("updated_parsed") else None,
            "authors": [a.get("name") for a in e.get("authors", [])],
            "author_uris": [a.get("href") for a in e.get("authors", [])],
            "summary": e.get("summary"),
            "summary_type": e.get("summary_detail", {}).get("type"),
            "tags": [t.get("term") for t in e.get("tags", [])],
        } for e in parsed.entries],
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
