"""plandesk topic add NAME PLACE_ID… [--note 按语] | plandesk topic list [NAME]: 专题,
named collections of places kept in user data (the bookmarks are 专题「书签」)."""
from __future__ import annotations

import sys

from db.store.userdata import BOOKMARKS_TOPIC
from desktop.services import topics

from .common import open_store, open_user

HELP = "专题: add places to a named collection, list the collections or one's entries"


def add_arguments(p):
    p.add_argument("action", choices=("add", "list"), help="add: put places into a 专题 (made when new); "
                   "list: the 专题, or one's entries")
    p.add_argument("name", nargs="?", help="the 专题's name (「书签」: the bookmarks)")
    p.add_argument("places", nargs="*", help="place ids as `plandesk show` and `search --json` give them "
                   "(open-platforms-2018:第三章/第一节, open-platforms-2018:专栏1, a statement id …)")
    p.add_argument("--note", default="", help="a 按语 for the entries added")


def run(args) -> int:
    if args.action == "add" and (not args.name or not args.places):
        print("plandesk topic: usage: plandesk topic add NAME PLACE_ID… [--note 按语]", file=sys.stderr)
        return 2
    st = open_store(args)
    if not st:
        return 2
    ud = open_user(st, "topic")
    try:
        return add(st, ud, args) if args.action == "add" else show(st, ud, args.name)
    finally:
        ud.close()


def add(st, ud, args) -> int:
    entries = [(pid, topics.entry_for(st, pid)) for pid in args.places]
    missing = [pid for pid, e in entries if e is None]
    if missing:           # nothing added: one wrong id is a typo the person will retype
        print(f"plandesk topic: no such place: {', '.join(missing)} (plandesk show DOC lists the ids)",
              file=sys.stderr)
        return 1
    if args.name == BOOKMARKS_TOPIC:
        print(f"plandesk topic: 「{BOOKMARKS_TOPIC}」 is the bookmarks; add them in the window", file=sys.stderr)
        return 1
    t = ud.topic(args.name)
    try:
        tid = t["id"] if t else ud.add_topic(args.name)
    except ValueError as e:
        print(f"plandesk topic: {e}", file=sys.stderr)
        return 1
    for _, e in entries:
        ud.add_entry(tid, e, note=args.note)
    t = ud.topic(tid)
    print(f"专题「{t['name']}」：加入 {len(entries)} 条，共 {t['n_entries']} 条")
    return 0


def show(st, ud, name: str | None) -> int:
    if not name:
        print(f"{BOOKMARKS_TOPIC}\t{len(ud.bookmarks())} 条\t（默认专题）")
        for t in ud.topics():
            print(f"{t['name']}\t{t['n_entries']} 条\t更新于 {t['updated']}")
        return 0
    try:
        name, entries = topics.topic_entries(st, ud, name)
    except KeyError as e:
        print(f"plandesk topic: {e.args[0]}", file=sys.stderr)
        return 1
    print(f"专题「{name}」：{len(entries)} 条")
    for k, e in enumerate(entries, 1):
        gone = topics.entry_state(st, e) == topics.GONE
        print(f"{k}. {e['title']}  [{e['target_id']}]" + (f"  （{topics.GONE_NOTE}）" if gone else ""))
        print(f"   {topics.citation(st, e)}")
        if e.get("note"):
            print(f"   按语：{e['note']}")
    return 0
