"""Organisations, accounts and roles from an XLSX workbook, each row within the importing person's duty (三员分立).

The system administrator creates and changes organisations and accounts; the security administrator grants the
roles (``grant_refusal``). A row asking for something outside the importer's duty is an error like any other, so
onboarding takes two imports of the same file: the accounts first (role cells left blank), then the roles.

A template to fill in; a dry run showing what every row would do — create, update, no change, or the
error that stops it; then the import itself: every row or none, through the organisation, account and
membership services (so grants stay in step), idempotent by credit code (or code, for organisations without
one) and by user name. The dry run performs the very writes of the import and rolls them back, so what it
shows is what the import will do. New accounts get no password: their owners get a set-password link by e-mail.
"""

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from workflows.accounts.services import create_user, update_user_details
from workflows.common.errors import NotAllowed
from workflows.common.sizes import megabytes
from workflows.common.text import clean_user_text
from workflows.organisations.credit_code import validate_credit_code
from workflows.organisations.models import Membership, Organisation
from workflows.organisations.permissions import grant_refusal
from workflows.organisations.roles import ADMIN_ROLES, HEAD_ROLES, Role
from workflows.organisations.services import add_membership, create_organisation, update_membership, update_organisation

from .selectors import is_system_admin
from .xlsx import Sheet, write_sheet

MAX_ROWS = 5000
# A filled-in 5,000-row template is ~6 MB of XML, compressed about 16 times; a part inflating a hundredfold is
# built to, unless it is small (a few rows, the styles).
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
ORG_SHEET, USER_SHEET, GUIDE_SHEET = "单位", "用户", "填写说明"
ORG_COLUMNS = {"编码": "code", "名称": "name", "简称": "short_name", "类型": "kind", "主管单位": "parent",
               "统一社会信用代码": "credit_code", "设有党组织": "has_party", "发文机关代字": "doc_prefix",
               "地址": "address"}
USER_COLUMNS = {"用户名": "username", "姓名": "full_name", "手机号码": "phone", "电子邮箱": "email",
                "所在单位": "organisation", "角色": "role", "职务": "position"}
REQUIRED = {ORG_SHEET: ("code", "name", "kind", "parent"), USER_SHEET: ("username",)}
PLACEMENT = ("organisation", "role", "position")  # all blank on a row about the account alone
IMPORTABLE_KINDS = [kind for kind in Organisation.Kind if kind != Organisation.Kind.OFFICE]
IMPORTABLE_ROLES = [role for role in Role if role not in ADMIN_ROLES]
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")
CODE = re.compile(r"^[-a-zA-Z0-9_]{1,30}$")
YES, NO = {"是", "有", "y", "yes", "true", "1"}, {"否", "无", "n", "no", "false", "0"}


class ImportRefused(Exception):
    """The file as a whole cannot be read; nothing was looked at row by row."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Row:
    sheet: str
    line: int
    values: dict[str, str]
    action: str = ""  # create, update, unchanged or error
    changes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    def refuse(self, message: str) -> None:
        self.errors.append(message)

    @property
    def outcome(self) -> str:
        return "error" if self.errors else self.action


@dataclass
class ImportResult:
    organisations: list[Row]
    users: list[Row]
    dry_run: bool
    written: bool = False
    invited: list[tuple[str, str, str]] = field(default_factory=list)  # new accounts: (user name, name, e-mail)

    @property
    def rows(self) -> list[Row]:
        return self.organisations + self.users

    @property
    def ok(self) -> bool:
        return not any(row.errors for row in self.rows)

    def counts(self) -> dict[str, int]:
        totals = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for row in self.rows:
            totals[row.outcome] += 1
        return totals


# ------------------------------------------------------------------ reading the file


def check_upload(upload) -> bytes:
    """The uploaded file's bytes, or ImportRefused with the reason (size, type)."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(_("文件大小为 %(size)s，超过 %(limit)s 上限，请拆分后分批导入。") % {
            "size": megabytes(upload.size), "limit": megabytes(settings.IMPORT_MAX_BYTES)})
    if not upload.name.lower().endswith(".xlsx"):
        raise ImportRefused(_("只接受 Excel 工作簿（.xlsx）文件，请用下载的模板填写后上传。"))
    data = upload.read()
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused(_("文件内容不是 XLSX 格式（可能是改了扩展名的 .xls 或 CSV 文件），请在 Excel 或 WPS 中"
                              "“另存为 .xlsx”后上传。"))
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers and codes typed as numbers
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return clean_user_text(str(value))  # the same rule as typed text: controls dropped, white space trimmed


def _sheet_rows(workbook, title: str, columns: dict[str, str]) -> list[Row]:
    if title not in workbook.sheetnames:
        raise ImportRefused(_("工作簿中没有“%(sheet)s”工作表，请使用下载的模板。") % {"sheet": title})
    lines = workbook[title].iter_rows(values_only=True)
    header = [_text(cell) for cell in next(lines, ())]
    keys = {index: columns[name] for index, name in enumerate(header) if name in columns}
    missing = [name for name, key in columns.items() if key in REQUIRED[title] and key not in keys.values()]
    if missing:
        raise ImportRefused(_("“%(sheet)s”工作表缺少列：%(columns)s。") % {"sheet": title,
                                                                      "columns": "、".join(missing)})
    rows = []
    for line, cells in enumerate(lines, start=2):
        values = {keys[index]: _text(cell) for index, cell in enumerate(cells) if index in keys}
        if not any(values.values()) and line <= 2 * MAX_ROWS:
            continue
        if len(rows) >= MAX_ROWS or line > 2 * MAX_ROWS:
            raise ImportRefused(_("“%(sheet)s”工作表超过 %(n)d 行，请分批导入。") % {"sheet": title, "n": MAX_ROWS})
        rows.append(Row(sheet=title, line=line, values=values))
    return rows


def check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts would inflate past ``IMPORT_MAX_UNPACKED_BYTES`` together, or one part more
    than ``MAX_RATIO`` times, from the sizes its zip directory declares: before anything is inflated.

    The declared sizes bound what openpyxl can read: zipfile stops inflating a part at its declared size (and
    then fails its checksum), so a part that lies about its size is refused as unreadable, not inflated.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    total, limit = sum(part.file_size for part in parts), settings.IMPORT_MAX_UNPACKED_BYTES
    if total > limit:
        raise ImportRefused(_("该文件解压后为 %(size)s，超过 %(limit)s 上限，可能是恶意构造的文件，未导入任何内容。")
                            % {"size": megabytes(total), "limit": megabytes(limit)})
    for part in parts:
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size >= RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise ImportRefused(_("该文件中的“%(part)s”解压后膨胀 %(ratio)d 倍，远超正常的工作簿，"
                                  "可能是恶意构造的文件，未导入任何内容。") % {"part": part.filename, "ratio": ratio})


def read_workbook(data: bytes) -> tuple[list[Row], list[Row]]:
    """The organisation rows and the user rows of a filled-in template."""
    try:
        check_unpacked_size(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ImportRefused(_("无法读取该 XLSX 文件，文件可能已损坏或受密码保护。")) from None
    try:
        return _sheet_rows(workbook, ORG_SHEET, ORG_COLUMNS), _sheet_rows(workbook, USER_SHEET, USER_COLUMNS)
    finally:
        workbook.close()


# ------------------------------------------------------------------ checking and applying


def _choice(value: str, choices) -> str | None:
    """A choice by its Chinese label or its code."""
    for choice in choices:
        if value in (choice.value, str(choice.label)):
            return choice.value
    return None


def may_import(user) -> bool:
    """The system administrator imports organisations and accounts, the security administrator roles."""
    return is_system_admin(user) or grant_refusal(user) is None


def _messages(error: Exception) -> list[str]:
    """A refused write in words: the model's own messages, each after its field's label."""
    if isinstance(error, NotAllowed):
        return [error.message]
    if isinstance(error, IntegrityError):
        return [_("与已有数据冲突（可能刚被他人修改），请重新上传预览。")]
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    labels = {f.name: str(f.verbose_name) for model in (Organisation, Membership, get_user_model())
              for f in model._meta.fields}
    return [f"{labels[name]}：{message}" if name in labels else message
            for name, messages in error.message_dict.items() for message in messages]


class _DryRun(Exception):
    """Raised to roll back a dry run (or an import with a failing row)."""


class Importer:
    """Checks every row against the database and the other rows, then applies them all or none."""

    ORG_FIELDS = ("name", "short_name", "kind", "parent", "credit_code", "has_party_organisation", "doc_prefix",
                  "address")

    def __init__(self, organisations: list[Row], users: list[Row], *, actor):
        self.org_rows, self.user_rows, self.actor = organisations, users, actor
        self.keeps_records = is_system_admin(actor)  # organisations and accounts are the system admin's duty
        self.existing = list(Organisation.objects.all())
        self.by_code = {org.code: org for org in self.existing}
        self.by_credit = {org.credit_code: org for org in self.existing if org.credit_code}
        self.by_name = {org.name: org for org in self.existing}
        self.targets: dict[int, Organisation | None] = {}  # org row line → existing organisation
        self.new_refs: dict[str, Row] = {}  # code, name or credit code → org row to be created
        usernames = {row.get("username") for row in users}
        self.users = {user.username: user for user in get_user_model().objects.filter(username__in=usernames)}
        self.memberships = {(m.user.username, m.organisation_id, m.role): m for m in Membership.objects.filter(
            user__username__in=usernames).select_related("user")}
        self.heads = {(m.organisation_id, m.role): m.user for m in Membership.objects.filter(
            role__in=sorted(HEAD_ROLES)).select_related("user")}

    # ---------------------------------------------------------------- organisations

    def resolve(self, reference: str):
        """An organisation named by code, credit code or full name: an existing one, or a row to be created."""
        for index in (self.new_refs, self.by_code, self.by_credit, self.by_name):
            if reference in index:
                return index[reference]
        return None

    def check_organisations(self) -> None:
        seen: dict[tuple[str, str], int] = {}
        for row in self.org_rows:
            for key in REQUIRED[ORG_SHEET]:
                if not row.get(key):
                    row.refuse(_("缺少“%(column)s”") % {"column": _column(ORG_COLUMNS, key)})
            if row.errors:
                continue
            self._check_fields(row)
            for key in ("code", "name", "credit_code"):
                value = row.get(key)
                if value and (key, value) in seen:
                    row.refuse(_("%(column)s与第 %(line)d 行重复") % {"column": _column(ORG_COLUMNS, key),
                                                                  "line": seen[(key, value)]})
                seen.setdefault((key, value), row.line)
            target = self._target(row)
            self.targets[row.line] = target
            if not row.errors and target is None:
                for key in ("code", "name", "credit_code"):
                    if row.get(key):
                        self.new_refs[row.get(key)] = row
        for row in self.org_rows:
            if row.errors:
                continue
            parent = self.resolve(row.get("parent"))
            if parent is None:
                row.refuse(_("主管单位“%(name)s”不存在（请填写已有单位或本表中单位的编码、名称或信用代码）") % {
                    "name": row.get("parent")})
            elif parent is row or parent == self.targets[row.line]:
                row.refuse(_("主管单位不能是本单位"))
            if not row.errors:
                self._plan_organisation(row, parent)
            if row.action in ("create", "update") and not self.keeps_records:
                row.refuse(_("单位须由系统管理员新建或修改（三员分立）"))

    def _check_fields(self, row: Row) -> None:
        if not CODE.match(row.get("code")):
            row.refuse(_("编码只能由字母、数字、连字符和下划线组成，不超过 30 位"))
        kind = _choice(row.get("kind"), IMPORTABLE_KINDS)
        if kind is None:
            row.refuse(_("未知的单位类型“%(kind)s”（可填：%(choices)s）") % {
                "kind": row.get("kind"), "choices": "、".join(str(k.label) for k in IMPORTABLE_KINDS)})
        row.values["kind"] = kind or ""
        credit = row.get("credit_code").upper().replace(" ", "")
        row.values["credit_code"] = credit
        if credit:
            try:
                validate_credit_code(credit)
            except ValidationError as error:
                row.refuse(error.messages[0])
        party = row.get("has_party").lower()
        if party and party not in YES | NO:
            row.refuse(_("“设有党组织”应填“是”或“否”"))

    def _target(self, row: Row) -> Organisation | None:
        by_credit = self.by_credit.get(row.get("credit_code")) if row.get("credit_code") else None
        by_code = self.by_code.get(row.get("code"))
        if by_credit and by_credit != by_code:
            row.refuse(_("统一社会信用代码已登记为“%(name)s”（编码 %(code)s），与本行编码不一致") % {
                "name": by_credit.name, "code": by_credit.code})
            return None
        if by_code and by_code.is_office:
            row.refuse(_("不能通过导入修改安委会办公室"))
            return None
        if by_code and by_code.credit_code and row.get("credit_code") and by_code.credit_code != row.get("credit_code"):
            row.refuse(_("编码 %(code)s 已被“%(name)s”（统一社会信用代码 %(credit)s）使用") % {
                "code": by_code.code, "name": by_code.name, "credit": by_code.credit_code})
            return None
        namesake = self.by_name.get(row.get("name"))
        if namesake and namesake != by_code:
            row.refuse(_("名称与已有单位“%(name)s”（编码 %(code)s）重复") % {"name": namesake.name,
                                                                       "code": namesake.code})
        return by_code

    def _wanted(self, row: Row, parent, target: Organisation | None) -> dict:
        """The field values the row asks for; a blank optional cell leaves an existing value alone."""
        party = row.get("has_party").lower()
        wanted = {"name": row.get("name"), "kind": row.get("kind"), "parent": parent}
        if party:
            wanted["has_party_organisation"] = party in YES
        elif target is None:
            wanted["has_party_organisation"] = True
        for key in ("short_name", "credit_code", "doc_prefix", "address"):
            if row.get(key) or target is None:
                wanted[key] = row.get(key)
        return wanted

    def _plan_organisation(self, row: Row, parent) -> None:
        target = self.targets[row.line]
        if target is None:
            row.action = "create"
            return
        wanted = self._wanted(row, parent, target)
        labels = {f.name: str(f.verbose_name) for f in Organisation._meta.fields}
        for name, value in wanted.items():
            current = target.parent_id if name == "parent" else getattr(target, name)
            value = value.pk if name == "parent" and isinstance(value, Organisation) else value
            if isinstance(value, Row) or current != value:
                row.changes.append(labels[name])
        row.action = "update" if row.changes else "unchanged"

    def apply_organisations(self) -> dict[int, Organisation]:
        """Create and update in an order where every supervisor exists before its units."""
        made: dict[int, Organisation] = {}
        ordered = sorted(self.org_rows, key=lambda row: row.get("kind") not in Organisation.SUPERVISOR_KINDS)
        for row in ordered:
            if row.errors or row.action == "unchanged":
                continue
            parent = self.resolve(row.get("parent"))
            if isinstance(parent, Row):
                parent = made.get(parent.line)
            target = self.targets[row.line]
            wanted = self._wanted(row, parent, target)
            try:
                with transaction.atomic():
                    if target is None:
                        made[row.line] = create_organisation(by=self.actor, code=row.get("code"), **wanted)
                    else:
                        made[row.line] = update_organisation(organisation=target, by=self.actor, **wanted)
            except (ValidationError, IntegrityError) as error:
                row.errors.extend(_messages(error))
        return made

    # ---------------------------------------------------------------- users

    def organisation_of(self, row: Row):
        return self.resolve(row.get("organisation"))

    def check_users(self) -> None:
        first: dict[str, Row] = {}
        seen_memberships: dict[tuple, int] = {}
        file_heads: dict[tuple, str] = {}
        for row in self.user_rows:
            if not row.get("username"):
                row.refuse(_("缺少“%(column)s”") % {"column": _column(USER_COLUMNS, "username")})
                continue
            username = row.get("username")
            self._check_person(row, username in self.users)
            placed = self._placement(row)
            if row.errors:
                continue
            earlier = first.setdefault(username, row)
            for key in ("full_name", "phone", "email"):
                if earlier is not row and row.get(key) and earlier.get(key) and row.get(key) != earlier.get(key):
                    row.refuse(_("与第 %(line)d 行同一用户名的%(column)s不一致") % {
                        "line": earlier.line, "column": _column(USER_COLUMNS, key)})
            if placed:
                organisation, role = placed
                key = (username, _ref_key(organisation), role)
                if key in seen_memberships:
                    row.refuse(_("与第 %(line)d 行重复") % {"line": seen_memberships[key]})
                seen_memberships.setdefault(key, row.line)
                if role in HEAD_ROLES:
                    self._check_head(row, organisation, role, file_heads)
            if not row.errors:
                self._plan_user(row, placed)

    def _placement(self, row: Row) -> tuple | None:
        """The (organisation, role) a row asks for; None for a row about the account alone (those cells blank)."""
        if not any(row.get(key) for key in PLACEMENT):
            return None
        for key in ("organisation", "role"):
            if not row.get(key):
                row.refuse(_("缺少“%(column)s”（只新建或修改账号时，“所在单位”“角色”“职务”都留空）") % {
                    "column": _column(USER_COLUMNS, key)})
        if row.errors:
            return None
        role = self._role(row)
        organisation = self.organisation_of(row)
        if organisation is None:
            row.refuse(_("所在单位“%(name)s”不存在（请填写已有单位或“单位”表中单位的编码、名称或信用代码）") % {
                "name": row.get("organisation")})
        return (organisation, role) if not row.errors else None

    def _check_person(self, row: Row, exists: bool) -> None:
        try:
            UnicodeUsernameValidator()(row.get("username"))
        except ValidationError:
            row.refuse(_("用户名只能包含字母、数字和 @ . + - _"))
        if not exists and not row.get("full_name"):
            row.refuse(_("新用户须填写“姓名”"))
        if not exists and not row.get("email"):
            row.refuse(_("新用户须填写“电子邮箱”：设置密码的链接只发往本人的邮箱"))
        phone = re.sub(r"[\s()（）]", "", row.get("phone"))
        row.values["phone"] = phone
        if phone and not PHONE.match(phone):
            row.refuse(_("手机号码“%(phone)s”格式不正确（应为 11 位手机号或带区号的固定电话）") % {"phone": phone})
        if row.get("email"):
            try:
                validate_email(row.get("email"))
            except ValidationError:
                row.refuse(_("电子邮箱“%(email)s”格式不正确") % {"email": row.get("email")})

    def _role(self, row: Row) -> str | None:
        value = row.get("role")
        role = _choice(value, IMPORTABLE_ROLES)
        if role is None and _choice(value, [Role(r) for r in ADMIN_ROLES]):
            row.refuse(_("“%(role)s”是管理员角色（三员分立），不能通过导入设置") % {"role": value})
        elif role is None:
            row.refuse(_("未知的角色“%(role)s”（可填：%(choices)s）") % {
                "role": value, "choices": "、".join(str(r.label) for r in IMPORTABLE_ROLES)})
        return role

    def _check_head(self, row: Row, organisation, role: str, file_heads: dict) -> None:
        holder = self.heads.get((organisation.pk, role)) if isinstance(organisation, Organisation) else None
        username = row.get("username")
        label = Role(role).label
        if holder is not None and holder.username != username:
            row.refuse(_("该单位已有%(role)s（%(name)s），请先由安全管理员调整任职") % {
                "role": label, "name": holder.get_full_name()})
        other = file_heads.setdefault((_ref_key(organisation), role), username)
        if other != username:
            row.refuse(_("本表中该单位的%(role)s已填为 %(other)s") % {"role": label, "other": other})

    def _plan_user(self, row: Row, placed: tuple | None) -> None:
        """What the row does to the account and to the membership, and whether each is the importer's duty."""
        user = self.users.get(row.get("username"))
        if user is not None:
            row.changes = [_column(USER_COLUMNS, key) for key in ("full_name", "phone", "email")
                           if row.get(key) and getattr(user, key) != row.get(key)]
        if (user is None or row.changes) and not self.keeps_records:
            row.refuse(_("账号须由系统管理员新建或修改（三员分立）"))
        grant = self._plan_membership(row, user, placed) if placed else ""
        if grant:
            self._check_grant(row, user, placed[1])
        row.action = "create" if user is None or grant == "create" else "update" if row.changes else "unchanged"

    def _plan_membership(self, row: Row, user, placed: tuple) -> str:
        """``create``, ``update`` (the position) or "" for a membership the row leaves as it is."""
        organisation, role = placed
        membership = (self.memberships.get((user.username, organisation.pk, role))
                      if user is not None and isinstance(organisation, Organisation) else None)
        if membership is None:
            return "create"
        if row.get("position") and membership.position != row.get("position"):
            row.changes.append(_column(USER_COLUMNS, "position"))
            return "update"
        return ""

    def _check_grant(self, row: Row, user, role: str) -> None:
        refusal = grant_refusal(self.actor, user=user, role=role)
        if refusal and self.keeps_records:
            refusal += _("（任职由安全管理员导入；只新建或修改账号时，“所在单位”“角色”“职务”都留空）")
        if refusal:
            row.refuse(refusal)

    def apply_users(self, made: dict[int, Organisation]) -> list[tuple[str, str, str]]:
        """Write every row; returns the new accounts, whose owners are e-mailed their set-password links."""
        invited = []
        for row in self.user_rows:
            if row.errors or row.action == "unchanged":
                continue
            try:
                with transaction.atomic():
                    invited += self._apply_user(row, made)
            except (ValidationError, IntegrityError, NotAllowed) as error:
                row.errors.extend(_messages(error))
        return invited

    def _apply_user(self, row: Row, made: dict[int, Organisation]) -> list:
        username = row.get("username")
        details = {key: row.get(key) for key in ("full_name", "phone", "email") if row.get(key)}
        created = []
        user = self.users.get(username)
        if user is None:
            user = create_user(username=username, by=self.actor, **details)
            self.users[username] = user
            created.append((username, user.get_full_name(), user.email))
        else:
            update_user_details(user=user, by=self.actor, **details)
        if any(row.get(key) for key in PLACEMENT):
            self._apply_membership(row, user, made)
        return created

    def _apply_membership(self, row: Row, user, made: dict[int, Organisation]) -> None:
        organisation, role = self.organisation_of(row), _choice(row.get("role"), IMPORTABLE_ROLES)
        if isinstance(organisation, Row):
            organisation = made.get(organisation.line)
        membership = Membership.objects.filter(user=user, organisation=organisation, role=role).first()
        if membership is None:
            add_membership(user=user, organisation=organisation, role=role, position=row.get("position"), by=self.actor)
        elif row.get("position") and membership.position != row.get("position"):
            update_membership(membership=membership, position=row.get("position"), by=self.actor)


def _column(columns: dict[str, str], key: str) -> str:
    return next(name for name, value in columns.items() if value == key)


def _ref_key(organisation) -> str:
    return f"row:{organisation.line}" if isinstance(organisation, Row) else f"org:{organisation.pk}"


def run_import(data: bytes, *, actor, dry_run: bool) -> ImportResult:
    """Check every row; then write them all (or, for a dry run or any failing row, write nothing)."""
    organisations, users = read_workbook(data)
    result = ImportResult(organisations=organisations, users=users, dry_run=dry_run)
    importer = Importer(organisations, users, actor=actor)
    importer.check_organisations()
    importer.check_users()
    if not result.ok:
        return result
    try:
        with transaction.atomic():
            made = importer.apply_organisations()
            result.invited = importer.apply_users(made)
            if dry_run or not result.ok:
                raise _DryRun  # and with it the set-password e-mails, which wait for the commit
    except _DryRun:
        result.invited = []
    else:
        result.written = True
    return result


# ------------------------------------------------------------------ the template and the current data


ORG_HELP = {
    "编码": "系统内简短编码，字母数字，如 unit041；已有单位按此或信用代码匹配",
    "名称": "单位全称，不可与其他单位重名",
    "简称": "可空",
    "类型": "行业主管部门、街道办事处、企业、事业单位、机关单位、社会组织",
    "主管单位": "已有单位或本表中单位的编码、全称或信用代码；部门和街道填安委会办公室",
    "统一社会信用代码": "18 位，企业必填，会校验第 18 位校验码",
    "设有党组织": "是 / 否，空为是",
    "发文机关代字": "部门和街道发文用，如“示范应急”",
    "地址": "可空",
}
USER_HELP = {
    "用户名": "登录名，字母数字，已有用户按此匹配",
    "姓名": "新用户必填",
    "手机号码": "11 位手机号或带区号的固定电话",
    "电子邮箱": "新用户必填：设置密码的链接只发往本人邮箱；账号启用或有角色后管理员不能修改",
    "所在单位": "已有单位或“单位”表中单位的编码、全称或信用代码；只建账号时留空",
    "角色": "联络员、党组织主要负责人、行政主要负责人、部门审核员、部门负责人等；一人多个角色填多行；"
            "角色由安全管理员导入（系统管理员导入账号时留空）",
    "职务": "可空",
}

def _data_sheets(org_rows: list[list], user_rows: list[list]) -> list[Sheet]:
    return [Sheet(ORG_SHEET, list(ORG_COLUMNS), org_rows, widths={1: 36, 4: 24, 5: 22}),
            Sheet(USER_SHEET, list(USER_COLUMNS), user_rows, widths={4: 30, 5: 18})]


def _workbook(sheets: list[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        write_sheet(workbook.create_sheet(spec.title), spec)
    guide = [[ORG_SHEET, name, text] for name, text in ORG_HELP.items()]
    guide += [[USER_SHEET, name, text] for name, text in USER_HELP.items()]
    write_sheet(workbook.create_sheet(GUIDE_SHEET), Sheet(GUIDE_SHEET, ["工作表", "列", "填写要求"], guide))
    lists = {(ORG_SHEET, "D"): [str(k.label) for k in IMPORTABLE_KINDS], (ORG_SHEET, "G"): ["是", "否"],
             (USER_SHEET, "F"): [str(r.label) for r in IMPORTABLE_ROLES]}
    for (title, column), choices in lists.items():
        validation = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
        workbook[title].add_data_validation(validation)
        validation.add(f"{column}2:{column}{MAX_ROWS + 1}")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_workbook() -> bytes:
    return _workbook(_data_sheets([], []))


def current_workbook() -> bytes:
    """Every organisation below the office, every business role and every account still without a role, in the
    template's layout: importing it back unchanged changes nothing."""
    organisations = (Organisation.objects.exclude(kind=Organisation.Kind.OFFICE).select_related("parent")
                     .order_by("kind", "code"))
    org_rows = [[org.code, org.name, org.short_name, str(org.get_kind_display()), org.parent.code if org.parent else "",
                 org.credit_code, "是" if org.has_party_organisation else "否", org.doc_prefix, org.address]
                for org in sorted(organisations, key=lambda org: (not org.is_supervisor, org.code))]
    memberships = (Membership.objects.exclude(role__in=sorted(ADMIN_ROLES)).select_related("user", "organisation")
                   .order_by("organisation__code", "role", "user__username"))
    user_rows = [[m.user.username, m.user.full_name, m.user.phone, m.user.email, m.organisation.code,
                  str(m.get_role_display()), m.position] for m in memberships]
    waiting = get_user_model().objects.filter(memberships__isnull=True).order_by("username")  # no role yet
    user_rows += [[user.username, user.full_name, user.phone, user.email, "", "", ""] for user in waiting]
    return _workbook(_data_sheets(org_rows, user_rows))
