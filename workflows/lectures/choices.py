"""The campaign notice's own vocabulary: its seven content items, its channels, audiences and forms."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """The seven content items of the notice's section 三 (重点内容)."""

    THOUGHT = "1", _("（一）学习宣传习近平总书记关于安全生产重要论述和党中央、国务院决策部署")
    LAWS = "2", _("（二）宣讲《安全生产法》等法律法规和各单位、各部门安全监管职责")
    SITUATION = "3", _("（三）宣讲安全生产形势任务，剖析重特大事故案例")
    MEASURES = "4", _("（四）宣讲安全生产重点工作举措，推进理念、制度、方法创新")
    CAMPAIGNS = "5", _("（五）宣讲安全生产专项整治三年行动、安全生产月等重点工作")
    PUBLIC_SAFETY = "6", _("（六）普及公共安全知识、风险防范、应急处置和自救互救常识")
    ENTERPRISE = "7", _("（七）宣讲企业安全生产主体责任、标准化建设和安全常识")


class Channel(models.TextChoices):
    """Channels the notice names (四、（二）)."""

    TV = "tv", _("电视")
    RADIO = "radio", _("广播")
    NEWSPAPER = "newspaper", _("报纸")
    WEB = "web", _("网络")
    WEIBO = "weibo", _("微博")
    WECHAT = "wechat", _("微信")
    TOUTIAO = "toutiao", _("头条")
    DOUYIN = "douyin", _("抖音")
    VR = "vr", _("VR体验")
    ONSITE = "onsite", _("现场宣讲")


class Audience(models.TextChoices):
    FRONTLINE = "frontline", _("一线职工")
    ENTERPRISES = "enterprises", _("企业")
    COMMUNITY = "community", _("社区群众")
    CADRES = "cadres", _("机关干部")
    MANAGERS = "managers", _("中层管理人员")
    STUDENTS = "students", _("师生")
    OTHER = "other", _("其他")


class LecturerRole(models.TextChoices):
    PARTY_HEAD = "party_head", _("党组织主要负责人")
    ADMIN_HEAD = "admin_head", _("行政主要负责人")


class RecordLecturerRole(models.TextChoices):
    """Who actually lectured: only the two principal heads count toward the quota."""

    PARTY_HEAD = "party_head", _("党组织主要负责人")
    ADMIN_HEAD = "admin_head", _("行政主要负责人")
    OTHER = "other", _("其他领导班子成员（不计入考核）")


HEAD_ROLES = (LecturerRole.PARTY_HEAD, LecturerRole.ADMIN_HEAD)


class LectureForm(models.TextChoices):
    """Forms of lecture named in practice (domain reference)."""

    SEMINAR = "seminar", _("专题讲座")
    STUDY_GROUP = "study_group", _("中心组学习")
    OPEN_CLASS = "open_class", _("公开课")
    SHIFT_MEETING = "shift_meeting", _("班前会")
    LIVE = "live", _("线上直播")
    ONSITE = "onsite", _("现场宣讲")
    OTHER = "other", _("其他")


def labels(choices, codes) -> list[str]:
    """The display labels of a list of stored codes, in the choices' own order."""
    wanted = set(codes or ())
    return [str(label) for value, label in choices.choices if value in wanted]
