"""How each audit action reads in an item's history (办理记录)."""

from django.utils.translation import gettext_lazy as _

LEVEL_WORDS = {"unit": _("单位审签"), "department": _("主管部门审核"), "office": _("安委会办公室审核")}

ACTION_LABELS = {
    "ladder.submit": _("报送"),
    "ladder.resubmit": _("修改后重新报送"),
    "ladder.claim": _("认领"),
    "ladder.release": _("放回待认领"),
    "ladder.withdraw": _("撤回"),
    "ladder.urge": _("催办"),
    "ladder.overdue": _("超时提醒"),
    "document.issue": _("生成公文"),
    "document.revoke": _("公文作废"),
}


def event_label(event) -> str:
    action, level = event.action, (event.data or {}).get("level", "")
    if action == "ladder.approve":
        return _("%(level)s通过") % {"level": LEVEL_WORDS.get(level, "")}
    if action == "ladder.return":
        return _("%(level)s退回") % {"level": LEVEL_WORDS.get(level, "")}
    if action == "ladder.reassign":
        return _("转交给 %(to)s") % {"to": (event.data or {}).get("to", "")}
    if action.endswith(".create"):
        return str(_("创建草稿"))
    if action.endswith(".update"):
        return str(_("修改"))
    return str(ACTION_LABELS.get(action, action))
