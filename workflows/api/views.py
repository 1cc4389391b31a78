"""The API's endpoints. Reads go through the scoped selectors, writes through the services the web UI uses."""

from collections import defaultdict

from django.contrib.auth import authenticate, user_logged_in
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from workflows.accounts import twofactor
from workflows.accounts.lockout import lockout_message
from workflows.accounts.passwords import password_change_message, password_change_required
from workflows.accounts.ratelimit import login_rate_limited, rate_limited_message
from workflows.accounts.services import token_expired
from workflows.campaigns.models import Period
from workflows.campaigns.selectors import current_period
from workflows.ladder import selectors, services
from workflows.lectures import services as lecture_services
from workflows.lectures.selectors import open_periods, visible_plans
from workflows.organisations.selectors import (
    inspectable_organisations,
    memberships_of,
    visible_organisations,
)

from . import serializers as s
from .authentication import PasswordChangeRequired
from .errors import InvalidCredentials, Locked, RateLimited
from .items import ITEM_LIST_PARAMETERS, ItemCreateMixin, ItemUpdateMixin, LadderItemViewSet
from .parsing import valid_data, valid_query

# ---------------------------------------------------------------- log-in and the caller


class TokenView(APIView):
    """POST a user name and password, get the API token. Failures count toward the same lockout as the web
    log-in (django-axes sees this ``authenticate`` call), and the endpoint is rate-limited per address."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenSerializer}, auth=[],
                   summary="用用户名和密码换取令牌")
    def post(self, request):
        if login_rate_limited(request):
            raise RateLimited(rate_limited_message())
        credentials = valid_data(s.TokenRequestSerializer(data=request.data))
        code = credentials.pop("otp", "")
        user = authenticate(request=request, **credentials)
        if user is None:
            if getattr(request, "axes_locked_out", False):
                raise Locked(lockout_message())
            raise InvalidCredentials(_("用户名或密码不正确。"))
        if twofactor.needs_second_factor(user):
            self.check_second_factor(user, code)
        if password_change_required(user):
            raise PasswordChangeRequired(password_change_message(user) + _("请先在网页上登录并修改密码。"))
        # A token log-in is a log-in: last_login, the audit trail and axes' reset of the failure count.
        user_logged_in.send(sender=type(user), request=request, user=user)
        token, _created = Token.objects.get_or_create(user=user)
        if token_expired(token):  # a new log-in after the old token's lifetime: a new token
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key, "username": user.username})

    @staticmethod
    def check_second_factor(user, code: str) -> None:
        device = twofactor.confirmed_device(user)
        if device is None:
            raise InvalidCredentials(_("您的账号须使用双因素认证，请先在网页上登录并绑定验证器应用。"),
                                     code="otp_enrol")
        if not code:
            raise InvalidCredentials(_("请在 otp 字段填写验证器应用显示的6位动态验证码。"), code="otp_required")
        if not twofactor.verify(device, code):
            raise InvalidCredentials(_("动态验证码不正确或已使用。"), code="otp_invalid")


class MeView(APIView):
    """Who the caller is and which roles they hold where."""

    @extend_schema(responses=s.MeSerializer, summary="当前用户及其单位和角色")
    def get(self, request):
        organisations = {}
        for membership in memberships_of(request.user):
            organisation = membership.organisation
            entry = organisations.setdefault(organisation.pk, {
                "id": organisation.pk, "name": organisation.name, "kind": organisation.kind, "roles": []})
            entry["roles"].append(membership.role)
        user = request.user
        return Response(s.MeSerializer({"username": user.username, "name": user.get_full_name(),
                                        "organisations": list(organisations.values())}).data)


# ---------------------------------------------------------------- items


@extend_schema_view(
    list=extend_schema(summary="宣讲计划列表（本人可见范围）", parameters=ITEM_LIST_PARAMETERS),
    retrieve=extend_schema(summary="宣讲计划详情"),
    create=extend_schema(request=s.PlanCreateSerializer, responses={201: s.PlanSerializer},
                         summary="新建宣讲计划（草稿）"),
    partial_update=extend_schema(request=s.PlanUpdateSerializer, responses=s.PlanSerializer,
                                 summary="修改宣讲计划（仅草稿、被退回或已撤回时）"),
)
class PlanViewSet(ItemCreateMixin, ItemUpdateMixin, LadderItemViewSet):
    """宣讲计划: the ladder's item API plus create and edit through the lecture services."""

    kind_code = "plan"
    serializer_class = s.PlanSerializer
    create_serializer_class = s.PlanCreateSerializer
    update_serializer_class = s.PlanUpdateSerializer

    def visible(self):
        return visible_plans(self.request.user)

    def create_item(self, *, unit, user, **data):
        return lecture_services.create_plan(unit=unit, user=user, **data)

    def update_item(self, item, *, user, **data):
        return lecture_services.update_plan(plan=item, user=user, **data)


# ---------------------------------------------------------------- tasks

# What a kind's title (``str(item)``, the task's ``item_title``) reads beyond the unit and period that
# ``attach_items`` loads: a record names its lecturer, an answer its notice's number.
TITLE_RELATED = {"record": ("lecturer",), "answer": ("notice",)}


def with_titles(tasks: list) -> list:
    """Load what the page's item titles read, one query per kind instead of one per task."""
    items = defaultdict(list)
    for task in tasks:
        if task.item is not None:
            items[task.item.kind].append(task.item)
    for code, related in TITLE_RELATED.items():
        prefetch_related_objects(items.get(code, []), *related)
    return tasks



@extend_schema_view(
    list=extend_schema(summary="待办：本人已认领的和所在单位待认领的", parameters=[s.TaskFilterSerializer]),
    retrieve=extend_schema(summary="待办详情"),
)
class TaskViewSet(viewsets.GenericViewSet):
    """待办 and the reviewer's actions on one task; a task on an item the caller cannot see is 404."""

    serializer_class = s.TaskSerializer
    queryset = Task.objects.none()  # for the schema; every read goes through the ladder selectors
    lookup_value_converter = "int"

    def list(self, request):
        filters = valid_query(s.TaskFilterSerializer, request)
        tasks = selectors.filter_tasks(selectors.actionable_tasks(request.user), **filters)
        page = with_titles(selectors.attach_items(self.paginate_queryset(tasks)))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    def get_object(self):
        task = selectors.visible_task(self.request.user, int(self.kwargs["pk"]))
        if task is None:
            raise NotFound
        return task

    def _answer(self, task) -> Response:
        """The task as it is now, after the action."""
        return Response(self.get_serializer(selectors.visible_task(self.request.user, task.pk) or task).data)

    @extend_schema(request=None, summary="认领")
    @action(detail=True, methods=["post"])
    def claim(self, request, pk=None):
        task = self.get_object()
        services.claim(task=task, user=request.user)
        return self._answer(task)

    @extend_schema(request=s.ApproveSerializer, summary="审批通过（可附审批意见）")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        task = self.get_object()
        data = valid_data(s.ApproveSerializer(data=request.data))
        services.approve(task=task, user=request.user, comment=data["comment"])
        return self._answer(task)

    @extend_schema(request=s.ReturnSerializer, summary="退回报送人修改（须填写退回意见）")
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_for_revision(self, request, pk=None):
        task = self.get_object()
        data = valid_data(s.ReturnSerializer(data=request.data))
        services.return_for_revision(task=task, user=request.user, comment=data["comment"])
        return self._answer(task)

    @extend_schema(request=s.ReassignSerializer, summary="转交给本级另一位有权限的同事（须先认领）")
    @action(detail=True, methods=["post"])
    def reassign(self, request, pk=None):
        task = self.get_object()
        data = valid_data(s.ReassignSerializer(data=request.data))
        to_user = services.colleagues_for(task, request.user).filter(username=data["user"]).first()
        services.reassign(task=task, user=request.user, to_user=to_user)
        return self._answer(task)

    @extend_schema(request=s.BatchApproveSerializer, responses=s.BatchApproveResultSerializer,
                   summary="批量审批通过：逐项办理，未通过的不受影响")
    @action(detail=False, methods=["post"], url_path="batch-approve", url_name="batch-approve")
    def batch_approve(self, request):
        data = valid_data(s.BatchApproveSerializer(data=request.data))
        results = [{"id": result.task_id, "ok": result.ok, "detail": result.message} for result in
                   services.batch_approve(task_ids=data["ids"], user=request.user, comment=data["comment"])]
        approved = sum(result["ok"] for result in results)
        return Response({"approved": approved, "refused": len(results) - approved, "results": results})


# ---------------------------------------------------------------- reference data


@extend_schema_view(list=extend_schema(summary="单位列表（本人可见范围）"), retrieve=extend_schema(summary="单位详情"))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisations whose items the caller may see (and, for inspectors, every unit they may look up)."""

    serializer_class = s.OrganisationSerializer
    lookup_value_converter = "int"

    def get_queryset(self):
        user = self.request.user
        return (visible_organisations(user) | inspectable_organisations(user)).order_by("code")


@extend_schema_view(list=extend_schema(summary="半年周期"), retrieve=extend_schema(summary="半年周期详情"))
class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The campaign's half-years; ``open`` ones still take new plans."""

    serializer_class = s.PeriodSerializer
    queryset = Period.objects.order_by("starts")
    lookup_field = "code"

    def get_serializer_context(self):
        context = super().get_serializer_context()
        current = current_period()
        context["current_id"] = current.pk if current else None
        context["open_ids"] = set(open_periods().values_list("pk", flat=True))
        return context
