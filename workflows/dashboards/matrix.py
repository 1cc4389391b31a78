"""The compliance matrix: units × obligations for a half-year, filtered and sorted.

The page and its XLSX export are built from the same ``MatrixRow.cells()`` so the workbook holds exactly
the rows, order and wording shown.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workflows.campaigns.models import QUOTA_MET, QUOTA_MISSING, Period
from workflows.common.numbers import parse_id
from workflows.compliance.evaluation import UnitStatus
from workflows.organisations.models import Organisation

from .figures import department_of, shortfall_text

COLUMNS = [
    ("code", gettext_lazy("编码")),
    ("name", gettext_lazy("单位")),
    ("department", gettext_lazy("主管部门（街道）")),
    ("party", gettext_lazy("党组织主要负责人宣讲")),
    ("admin", gettext_lazy("行政主要负责人宣讲")),
    ("report", gettext_lazy("半年工作报告")),
    ("active", gettext_lazy("填报情况")),
    ("verdict", gettext_lazy("结论")),
    ("shortfalls", gettext_lazy("存在问题")),
]
SORTABLE = ("code", "name", "department", "party", "admin", "report", "verdict")
STATES = {"compliant": gettext_lazy("达标"), "shortfall": gettext_lazy("未达标")}
PAGE_SIZE = 50


@dataclass(frozen=True)
class MatrixQuery:
    """The filters and sort order, read from the query string (anything unknown is ignored)."""

    department: int | None = None
    state: str = ""
    late: bool = False
    never_active: bool = False
    sort: str = "code"
    descending: bool = False

    @classmethod
    def from_params(cls, params, department_ids) -> "MatrixQuery":
        department = parse_id(params.get("department"))
        department = department if department in department_ids else None
        state = params.get("state", "")
        sort = params.get("sort", "code")
        return cls(department=department, state=state if state in STATES else "", late=params.get("late") == "1",
                   never_active=params.get("never") == "1", sort=sort if sort in SORTABLE else "code",
                   descending=params.get("dir") == "desc")

    def params(self, **changes) -> dict:
        query = replace(self, **changes)
        values = {"department": query.department or "", "state": query.state, "late": "1" if query.late else "",
                  "never": "1" if query.never_active else "", "sort": "" if query.sort == "code" else query.sort,
                  "dir": "desc" if query.descending else ""}
        return {key: value for key, value in values.items() if value}

    def querystring(self, extra: dict | None = None, **changes) -> str:
        return urlencode({**self.params(**changes), **(extra or {})})

    def sort_link(self, column: str, extra: dict | None = None) -> str:
        """The query string that sorts by ``column``, flipping the direction when it is sorted by it already."""
        descending = not self.descending if self.sort == column else False
        return self.querystring(extra, sort=column, descending=descending)

    def describe(self, departments: dict[int, Organisation]) -> str:
        """The filters in words, for the export's cover sheet."""
        parts = []
        if self.department:
            parts.append(_("主管部门：%(name)s") % {"name": departments[self.department].name})
        if self.state:
            parts.append(_("结论：%(state)s") % {"state": STATES[self.state]})
        if self.late:
            parts.append(_("仅逾期报送或未报送"))
        if self.never_active:
            parts.append(_("仅无任何填报"))
        label = dict(COLUMNS)[self.sort]
        parts.append(_("排序：%(column)s%(dir)s") % {"column": label, "dir": _("（降序）") if self.descending else ""})
        return "；".join(str(part) for part in parts)


@dataclass(frozen=True)
class Cell:
    text: str
    tone: str = ""  # "", "ok", "bad": how the page colours it


@dataclass
class MatrixRow:
    status: UnitStatus
    department: str
    period: Period

    def lecture(self, role: str) -> Cell:
        verdict = self.status.quota.get(role)
        if verdict == QUOTA_MET:
            return Cell(_("已完成（%(n)d 次）") % {"n": self.status.lectures[role]}, "ok")
        if verdict == QUOTA_MISSING:
            return Cell(_("未完成"), "bad")
        return Cell(_("不考核"))

    def report(self) -> Cell:
        status = self.status
        if status.report_on_time:
            return Cell(_("按期报送") if status.report_state == "approved" else _("按期报送（审批中）"), "ok")
        if status.report_signed_off_at and status.report_days_late:
            return Cell(_("逾期 %(n)d 天报送") % {"n": status.report_days_late}, "bad")
        due = self.period.report_due < timezone.localdate()
        if status.report_state == "missing":
            return Cell(_("未报送") if due else _("未报送（%(due)s截止）") % {"due": f"{self.period.report_due:%m-%d}"},
                        "bad" if due else "")
        return Cell(_("未经单位审签"), "bad" if due else "")

    def is_late(self) -> bool:
        """Signed off after the due date, or still not signed off when it has passed."""
        return bool(self.status.report_days_late) or (
            not self.status.report_on_time and self.period.report_due < timezone.localdate()
            and self.period.rule_set.report_required)

    def cells(self) -> list[Cell]:
        status = self.status
        return [
            Cell(status.code), Cell(status.name), Cell(self.department),
            self.lecture("party_head"), self.lecture("admin_head"), self.report(),
            Cell(_("有填报") if status.active else _("无任何填报"), "" if status.active else "bad"),
            Cell(_("达标"), "ok") if status.compliant else Cell(_("未达标"), "bad"),
            Cell(shortfall_text(status, self.period) if status.shortfalls else ""),
        ]

    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells()]


def _sort_key(column: str):
    def lecture_key(role):
        return lambda row: (row.status.quota.get(role) != QUOTA_MISSING, row.status.lectures[role])

    keys = {
        "code": lambda row: row.status.code,
        "name": lambda row: row.status.name,
        "department": lambda row: (row.department, row.status.code),
        "party": lecture_key("party_head"),
        "admin": lecture_key("admin_head"),
        # Worst first: not signed off at all, then the latest, then on time.
        "report": lambda row: (row.status.report_on_time, bool(row.status.report_signed_off_at),
                               -row.status.report_days_late),
        "verdict": lambda row: (row.status.compliant, -len(row.status.shortfalls)),
    }
    return keys[column]


def matrix_rows(statuses: list[UnitStatus], period: Period, departments: dict[int, Organisation],
                query: MatrixQuery) -> list[MatrixRow]:
    """The rows the query selects, in its order (ties by code)."""
    rows = []
    for status in statuses:
        department_id = department_of(status, departments)
        if query.department and department_id != query.department:
            continue
        if query.state and status.compliant != (query.state == "compliant"):
            continue
        if query.never_active and status.active:
            continue
        department = departments[department_id].display_name if department_id in departments else ""
        row = MatrixRow(status=status, department=department, period=period)
        if query.late and not row.is_late():
            continue
        rows.append(row)
    rows.sort(key=lambda row: row.status.code)
    rows.sort(key=_sort_key(query.sort), reverse=query.descending)
    return rows
