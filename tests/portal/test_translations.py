"""The Simplified Chinese catalogue for framework strings: complete, compiled, and actually used.

locale/zh_Hans/LC_MESSAGES/django.po holds every msgid viewflow 2.4 shows a user that no Django or
guardian zh_Hans catalogue already translates (collected with `django-admin makemessages` run over
a copy of the installed viewflow package); djangojs.po holds the strings viewflow's JavaScript asks
window.gettext / window.pgettext for. So the .po files are the list: every entry must be translated,
keep its placeholders, and be in the committed .mo that Django actually reads.
"""

import ast
import gettext
import json
import re
from pathlib import Path

import pytest
import viewflow
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
# Strings whose translation is deliberately the msgid itself (format names, date-input pattern letters
# where "MM" is both month and minute).
KEPT_AS_IS = {"PNG", "BPMN", "YYYY", "MM", "DD", "HH", "SS"}


def read_po(path: Path) -> list[dict]:
    """A tiny .po reader: one dict per entry with msgctxt/msgid/msgid_plural/msgstr[n] and flags."""
    entries: list[dict] = []
    entry: dict = {}
    flags: set[str] = set()
    key = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            entry[key] += ast.literal_eval(line)
            continue
        key, _, value = line.partition(" ")
        if key in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in entry):
            entries.append(entry)
            entry = {}
        if key in ("msgctxt", "msgid") and not entry:
            entry["flags"], flags = flags, set()
        entry[key] = ast.literal_eval(value)
    if entry:
        entries.append(entry)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in sorted(entry.items()) if key.startswith("msgstr")]


def catalogue(domain: str) -> list[dict]:
    entries = read_po(LC_MESSAGES / f"{domain}.po")
    assert entries[0]["msgid"] == "", "the header entry comes first"
    assert "nplurals=1; plural=0;" in entries[0]["msgstr"]
    return entries[1:]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated(domain):
    entries = catalogue(domain)
    assert len(entries) > (100 if domain == "django" else 20)
    untranslated = [e["msgid"] for e in entries if not all(s.strip() for s in translations(e)) or "fuzzy" in e["flags"]]
    assert untranslated == []
    keys = [(e.get("msgctxt"), e["msgid"]) for e in entries]
    assert len(keys) == len(set(keys)), "duplicate msgids"


@pytest.mark.parametrize("domain", DOMAINS)
def test_placeholders_are_kept(domain):
    for entry in catalogue(domain):
        # nplurals=1: the single Chinese form stands for every count, so it follows the plural msgid
        source = entry.get("msgid_plural", entry["msgid"])
        for msgstr in translations(entry):
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(source)), entry["msgid"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_compiled_catalogue_matches_the_po(domain):
    entries = catalogue(domain)
    with (LC_MESSAGES / f"{domain}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries:
        msgstr, ctx, msgid = translations(entry)[0], entry.get("msgctxt"), entry["msgid"]
        if "msgid_plural" in entry:
            for n in (1, 2, 5):
                got = (compiled.npgettext(ctx, msgid, entry["msgid_plural"], n) if ctx
                       else compiled.ngettext(msgid, entry["msgid_plural"], n))
                assert got == msgstr, f"{domain}.mo is stale for {msgid!r}; rerun msgfmt"
        else:
            got = compiled.pgettext(ctx, msgid) if ctx else compiled.gettext(msgid)
            assert got == msgstr, f"{domain}.mo is stale for {msgid!r}; rerun msgfmt"
    # nothing in the .mo that the .po no longer has (the header is the one extra key)
    assert len(compiled._catalog) == len(entries) + 1, f"{domain}.mo has stale entries; rerun msgfmt"


@pytest.mark.parametrize(("msgid", "chinese"), [
    ("Inbox", "待办"),
    ("Queue", "待认领"),
    ("Archive", "已办"),
    ("Assign", "认领"),
    ("Unassign", "取消认领"),
    ("Process", "流程"),
    ("Task", "任务"),
    ("Flow Chart", "流程图"),
    ("Dashboard", "看板"),
    ("Start", "发起"),
    ("Execute", "办理"),
    ("Cancel", "取消"),
    ("Undo", "撤销"),
    ("Revive", "恢复"),
    ("Created", "创建时间"),
    ("Log out", "退出登录"),  # ours wins over django.contrib.admin's 注销 (LOCALE_PATHS is read first)
    ("Delete", "删除"),  # left to Django's own catalogue
])
def test_viewflow_words_come_out_in_chinese(msgid, chinese):
    with translation.override("zh-hans"):
        assert translation.gettext(msgid) == chinese


def test_task_statuses_keep_their_context():
    with translation.override("zh-hans"):
        assert translation.pgettext("STATUS", "Assigned") == "已认领"
        assert translation.gettext("Assigned") == "认领时间"
        assert translation.pgettext("STATUS", "Done") == "已完成"


def _viewflow_literal_msgids() -> set[tuple[str | None, str]]:
    """Literal msgids in the installed viewflow: gettext calls in its Python, {% trans "…" %} in its templates."""
    root = Path(viewflow.__file__).parent
    found: set[tuple[str | None, str]] = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("_", "gettext", "gettext_lazy") and len(args) == len(node.args) == 1:
                found.add((None, args[0]))
            elif name in ("pgettext", "pgettext_lazy") and len(args) == len(node.args) == 2:
                found.add((args[0], args[1]))
    tag = re.compile(r"""\{%\s*(?:trans|translate)\s+(["'])(.+?)\1""")
    for path in (root / "templates").rglob("*.html"):
        found |= {(None, m.group(2)) for m in tag.finditer(path.read_text(encoding="utf-8"))}
    return found


def test_every_literal_viewflow_string_is_translated():
    """Guards a viewflow upgrade: a new string shows up here until the .po learns it."""
    msgids = _viewflow_literal_msgids()
    assert len(msgids) > 100
    with translation.override("zh-hans"):
        missing = sorted(
            msgid for ctx, msgid in msgids
            if msgid not in KEPT_AS_IS
            and (translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)) == msgid
        )
    assert missing == []


def test_the_log_in_page_has_no_english_left(client, demo):
    html = client.get("/accounts/login/").content.decode()
    assert "登录" in html and "领导干部讲安全工作平台" in html
    for english in ("Log in", "Reset password", "Viewflow Demo suite"):
        assert english not in html


@pytest.mark.django_db
def test_viewflow_pages_use_the_catalogue(client, login):
    assert "抱歉，您访问的页面不存在。" in client.get("/no-such-page/").content.decode()
    html = login("unit001.liaison").get("/", follow=True).content.decode()
    assert "退出登录" in html and "Log out" not in html


@pytest.mark.django_db
def test_the_javascript_catalogue_serves_the_viewflow_calendar_words(client):
    js = client.get("/jsi18n/").content.decode()
    for ctx, msgid, chinese in [("three letter Sunday", "Sun", "周日"), ("one letter Monday", "M", "一")]:
        assert json.dumps(f"{ctx}\x04{msgid}") + ": " + json.dumps(chinese) in js
