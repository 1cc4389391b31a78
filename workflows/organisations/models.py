"""Organisations (the office, departments and sub-district offices, units) and who holds which role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .credit_code import validate_credit_code
from .roles import ADMIN_ROLES, HEAD_ROLES, Role, allowed_kinds


class Organisation(models.Model):
    """A node of the tree: the office → departments and 街道 → units; each below the office has one supervisor."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("安委会办公室")
        DEPARTMENT = "department", _("行业主管部门")
        SUBDISTRICT = "subdistrict", _("街道办事处")
        ENTERPRISE = "enterprise", _("企业")
        INSTITUTION = "institution", _("事业单位")
        AGENCY = "agency", _("机关单位")
        SOCIAL = "social", _("社会组织")

    SUPERVISOR_KINDS = frozenset({Kind.DEPARTMENT, Kind.SUBDISTRICT})

    code = models.SlugField(_("编码"), max_length=30, unique=True,
                            help_text=_("系统内的简短编码，如 unit001。"))
    name = models.CharField(_("名称"), max_length=100, unique=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("主管单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    doc_prefix = models.CharField(_("发文机关代字"), max_length=20, blank=True,
                                  help_text=_("如“示范安生办”，用于公文编号。"))
    seal = models.ImageField(_("印章图片"), upload_to="seals/", blank=True,
                             help_text=_("透明背景的 PNG 印章图片。"))
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True,
                                   validators=[validate_credit_code])
    has_party_organisation = models.BooleanField(_("设有党组织"), default=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], condition=~Q(credit_code=""),
                                    name="organisation_credit_code_unique"),
        ]
        permissions = [
            ("view_own_items", _("查看本单位事项")),
            ("submit_items", _("填报事项")),
            ("sign_off_items", _("单位审签")),
            ("review_items", _("审核事项")),
            ("lead_reviews", _("领导审批与督办")),
            ("issue_documents", _("签发公文")),
            ("inspect_units", _("执法检查查询")),
        ]

    def __str__(self):
        return self.name

    @property
    def is_office(self) -> bool:
        return self.kind == self.Kind.OFFICE

    @property
    def is_supervisor(self) -> bool:
        """A department or 街道: it reviews its units' items and is a unit for its own."""
        return self.kind in self.SUPERVISOR_KINDS

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.kind == self.Kind.ENTERPRISE and not self.credit_code:
            raise ValidationError({"credit_code": _("企业须填写统一社会信用代码。")})
        if self.is_office:
            if self.parent_id:
                raise ValidationError({"parent": _("安委会办公室没有主管单位。")})
            return
        if not self.parent_id:
            raise ValidationError({"parent": _("请选择主管单位。")})
        parent_kind = self.parent.kind
        if self.is_supervisor and parent_kind != self.Kind.OFFICE:
            raise ValidationError({"parent": _("行业主管部门和街道的上级应为安委会办公室。")})
        if not self.is_supervisor and parent_kind not in self.SUPERVISOR_KINDS:
            raise ValidationError({"parent": _("单位的主管单位应为行业主管部门或街道办事处。")})
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("主管单位不能是本单位。")})


class Membership(models.Model):
    """A person holding a role in an organisation, with their position title (职务)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                             related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("单位"), on_delete=models.CASCADE,
                                     related_name="memberships")
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    position = models.CharField(_("职务"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["organisation__code", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique"),
            models.UniqueConstraint(fields=["organisation", "role"], condition=Q(role__in=sorted(HEAD_ROLES)),
                                    name="membership_one_head_per_role"),
        ]

    def __str__(self):
        return f"{self.organisation} · {self.get_role_display()} · {self.user}"

    def clean(self):
        errors = {}
        if self.organisation_id and self.organisation.kind not in allowed_kinds(self.role):
            errors["role"] = _("“%(role)s”不能设在“%(kind)s”类型的单位。") % {
                "role": self.get_role_display(), "kind": self.organisation.get_kind_display()}
        if self.role == Role.PARTY_HEAD and self.organisation_id and not self.organisation.has_party_organisation:
            errors["role"] = _("该单位未设党组织，不能设党组织主要负责人。")
        if self.user_id:
            others = Membership.objects.filter(user_id=self.user_id).exclude(pk=self.pk)
            if self.role in ADMIN_ROLES and others.exists():
                errors["role"] = _("系统管理员、安全管理员、审计管理员须由专人担任，不能兼任其他角色。")
            elif others.filter(role__in=sorted(ADMIN_ROLES)).exists():
                errors["role"] = _("该用户是管理员（三员分立），不能再担任业务角色。")
        if errors:
            raise ValidationError(errors)


class OrganisationUserObjectPermission(UserObjectPermissionBase):
    """guardian's per-user grants on an organisation, as a direct foreign key."""

    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("单位用户授权")
        verbose_name_plural = _("单位用户授权")


class OrganisationGroupObjectPermission(GroupObjectPermissionBase):
    """guardian's per-group grants on an organisation, as a direct foreign key."""

    content_object = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("单位组授权")
        verbose_name_plural = _("单位组授权")
