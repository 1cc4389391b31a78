from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workflows.campaigns.services import ensure_campaign, ensure_periods
from workflows.demo import showcase
from workflows.demo.district import DistrictBuilder
from workflows.demo.history import build_history, build_rectification
from workflows.demo.plans import build_plans
from workflows.demo.showcase import showcase_documents
from workflows.demo.timeline import Story
from workflows.demo.twofactor import DEMO_TOTP_BASE32, give_demo_totp_devices
from workflows.documents.levels import level_documents_paused
from workflows.documents.seals import give_demo_seals


class Command(BaseCommand):
    help = ("Build the fictional 示范区 demo district, its story told relative to today: the previous half-year "
            "over and evaluated, the current one under way (idempotent: a second run changes nothing).")

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo log-ins")

    def handle(self, *args, quiet_logins=False, **options):
        if settings.PRODUCTION:  # fictional units, shared passwords and a documented TOTP secret
            raise CommandError("演示数据不能装入生产环境（DJANGO_ENV=production）。")
        campaign = ensure_campaign()
        ensure_periods(campaign=campaign)
        counts = DistrictBuilder(password=settings.DEMO_PASSWORD).build()
        give_demo_seals()  # a 演示 seal for every organisation that has none yet
        give_demo_totp_devices()  # the roles that must use a second factor share one documented secret
        story = Story.today()
        # Replaying hundreds of approvals would render hundreds of documents; the history is replayed
        # without them, then a few showcase items get theirs.
        with level_documents_paused():
            plans = build_plans(story)
            records = build_history(story)
        # In the order they happened, so that each issuer's numbers follow the calendar: the previous half-year's
        # showcase documents, its rectification notices, then the current half-year's.
        showcase_documents(story.previous, showcase.PREVIOUS)
        with level_documents_paused():
            build_rectification(story)
        showcase_documents(story.current, showcase.CURRENT)
        self.stdout.write(self.style.SUCCESS(
            f"示范区演示数据就绪：{counts.organisations} 个单位，{counts.users} 个用户，{counts.memberships} 条任职；"
            f"新建宣讲计划 {plans} 项；宣讲记录共 {records} 条。"
            f"当前半年：{story.current.label}（报告截止 {story.current.report_due}）；"
            f"上一个半年：{story.previous.label}，已考核评估。"
        ))
        if not quiet_logins:
            self.stdout.write(demo_logins_text(settings.DEMO_PASSWORD))


def demo_logins_text(password: str) -> str:
    return "\n".join([
        f"演示账号（密码均为 {password}）：",
        "  区安委会办公室  office.director（主任）  office.reviewer（审核员）",
        "  行业部门/街道   dept01.leader  dept01.reviewer  …  dept08.reviewer",
        "  单位            unit001.liaison（联络员）  unit001.party（党组织负责人）  unit001.admin（行政负责人）",
        "                  unit039 未设党组织（仅 unit039.admin）；unit040.party 一肩挑",
        "  执法检查        inspector01",
        "  三员            sysadmin  secadmin  auditor",
        "双因素认证：office.director 和三员登录时还须输入动态验证码，取得当前验证码：",
        "  python manage.py demo_totp office.director",
        f"  （或在验证器应用中手动添加演示密钥 {DEMO_TOTP_BASE32}）",
    ])
