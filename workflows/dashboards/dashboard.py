"""What the office and department dashboards show for a half-year, in a fixed number of queries whatever
the number of units: completion (per obligation, per department), never-active units, open reviews per
level, rectification notices by state, and the trend across half-years — each as a chart with its table."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from workflows.campaigns.models import Period
from workflows.compliance.evaluation import UnitStatus
from workflows.compliance.selectors import visible_unit_statuses
from workflows.ladder.models import Level
from workflows.ladder.selectors import open_review_counts
from workflows.organisations.models import Organisation
from workflows.rectification.models import Notice
from workflows.rectification.selectors import overdue_reason, visible_notices

from .charts import TONES, Bar, Chart, Point, Segment, horizontal_bars, line
from .figures import Completion, DepartmentCompletion, completion, completion_by_department, percent_text
from .outcomes import TrendPoint, completion_trend

OPEN_NOTICE = (Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED, Notice.Status.ANSWERED)


@dataclass
class Dashboard:
    period: Period
    statuses: list[UnitStatus]
    total: Completion
    departments: list[DepartmentCompletion]
    trend: list[TrendPoint]
    reviews: dict[str, dict[str, int]]
    notices: dict[str, int]
    overdue_notices: int
    charts: list[Chart] = field(default_factory=list)

    @property
    def never_active(self) -> list[UnitStatus]:
        return [status for status in self.statuses if not status.active]

    @property
    def open_reviews(self) -> int:
        return sum(counts["open"] for counts in self.reviews.values())

    @property
    def overdue_reviews(self) -> int:
        return sum(counts["overdue"] for counts in self.reviews.values())

    @property
    def shortfalls(self) -> list[UnitStatus]:
        """Units still missing something: never active first, then by code."""
        return sorted((s for s in self.statuses if not s.compliant), key=lambda s: (s.active, s.code))


def build_dashboard(user, period: Period, *, scope: Q, departments: list[Organisation],
                    by_department: bool) -> Dashboard:
    """The figures for the organisations matching ``scope`` (a Q on Organisation), within the user's sight."""
    statuses = visible_unit_statuses(user, period, within=scope)
    notices = visible_notices(user).filter(period=period)
    if scope:
        notices = notices.filter(unit__in=Organisation.objects.filter(scope))
    by_status = dict(notices.values_list("status").annotate(n=Count("id")).order_by())
    open_notices = notices.filter(status__in=OPEN_NOTICE).prefetch_related("answers")
    board = Dashboard(
        period=period, statuses=statuses, total=completion(statuses, period),
        departments=completion_by_department(statuses, period, departments) if by_department else [],
        trend=completion_trend(chosen=period, statuses=statuses, scope=scope),
        reviews=open_review_counts(user, scope),
        notices={status: by_status.get(status, 0) for status in Notice.Status.values},
        overdue_notices=sum(bool(overdue_reason(notice)) for notice in open_notices))
    board.charts = [chart for chart in (
        department_chart(board.departments) if by_department else None,
        obligation_chart(board.total),
        trend_chart(board.trend),
        review_chart(board.reviews),
        notice_chart(board.notices, board.overdue_notices),
    ) if chart is not None]
    return board


def _rate_bar(label: str, part: int, whole: int) -> Bar:
    rate = 100 * part / whole if whole else 0
    return Bar(label, (Segment(_("完成率"), round(rate, 1)),),
                      f"{percent_text(round(rate, 1) if whole else None)}（{part}/{whole}）")


def department_chart(rows: list[DepartmentCompletion]) -> Chart:
    title = _("各主管部门（街道）达标率")
    bars = [_rate_bar(row.department.display_name, row.completion.compliant, row.completion.units) for row in rows]
    table = [[row.department.name, str(c.units), str(c.compliant), percent_text(c.rate),
              percent_text(c.party_rate), percent_text(c.admin_rate), percent_text(c.report_rate),
              str(c.never_active)] for row in rows for c in [row.completion]]
    return Chart("departments", title, horizontal_bars(title, bars, maximum=100, percent_axis=True),
                        [_("主管部门（街道）"), _("应考核单位"), _("全部达标"), _("达标率"), _("党组织负责人宣讲"),
                         _("行政负责人宣讲"), _("按期报送报告"), _("无任何填报")], table,
                        note=_("达标：两位主要负责人均按要求宣讲，且按期报送半年工作报告。部门本身计入其所在行。"))


def obligation_rows(total: Completion) -> list[tuple[str, int, int]]:
    return [(_("党组织主要负责人宣讲"), total.party_met, total.party_required),
            (_("行政主要负责人宣讲"), total.admin_met, total.admin_required),
            (_("按期报送半年工作报告"), total.report_on_time, total.report_required),
            (_("全部达标"), total.compliant, total.units)]


def obligation_chart(total: Completion) -> Chart:
    title = _("各考核项完成情况")
    rows = obligation_rows(total)
    bars = [_rate_bar(label, part, whole) for label, part, whole in rows]
    table = [[label, str(whole), str(part), percent_text(round(100 * part / whole, 1) if whole else None)]
             for label, part, whole in rows]
    return Chart("obligations", title, horizontal_bars(title, bars, maximum=100, percent_axis=True),
                        [_("考核项"), _("应完成"), _("已完成"), _("完成率")], table)


def period_short_label(period: Period) -> str:
    return f"{period.year}{'上' if period.half == 1 else '下'}"


def trend_chart(trend: list[TrendPoint]) -> Chart:
    title = _("达标率趋势")
    points = [Point(period_short_label(point.period), point.rate, percent_text(point.rate),
                           highlight=point.live) for point in trend]
    table = [[point.period.label, str(point.units), str(point.compliant), percent_text(point.rate),
              _("实时计算") if point.live else _("往期结果")] for point in trend]
    return Chart("trend", title, line(title, points),
                        [_("半年"), _("应考核单位"), _("全部达标"), _("达标率"), _("数据")], table,
                        note=_("往期为半年结束后的考核结果；办公室重新评估该半年后随之更新。"))


def review_chart(reviews: dict[str, dict[str, int]]) -> Chart:
    title = _("待审批事项（按审批环节）")
    bars, table = [], []
    for level in Level:
        counts = reviews[level.value]
        on_time = counts["open"] - counts["overdue"]
        bars.append(Bar(str(level.label), (Segment(_("超时"), counts["overdue"], "danger"),
                                                  Segment(_("未超时"), on_time, "warn")),
                               _("%(open)d 件（超时 %(overdue)d）") % counts))
        table.append([str(level.label), str(counts["open"]), str(counts["overdue"])])
    maximum = max([bar.total for bar in bars] + [1])
    return Chart("reviews", title, horizontal_bars(title, bars, maximum=maximum),
                        [_("审批环节"), _("待办"), _("其中超时")], table,
                        legend=[(_("超时"), TONES["danger"]), (_("未超时"), TONES["warn"])])


def notice_chart(notices: dict[str, int], overdue: int) -> Chart:
    title = _("本半年整改通知（按状态）")
    bars = [Bar(str(label), (Segment(str(label), notices[value], "info"),), str(notices[value]))
            for value, label in Notice.Status.choices]
    maximum = max([bar.total for bar in bars] + [1])
    table = [[str(label), str(notices[value])] for value, label in Notice.Status.choices]
    return Chart("notices", title, horizontal_bars(title, bars, maximum=maximum),
                        [_("状态"), _("数量")], table,
                        note=_("未销号的通知中逾期 %(n)d 份（超过 3 个工作日未签收，或过整改期限未报送整改报告）。")
                        % {"n": overdue})
