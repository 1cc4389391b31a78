from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    path("notices/", views.NoticeListView.as_view(), name="notices"),
    path("notices/draft/", views.DraftNoticesView.as_view(), name="draft"),
    path("notices/issue/", views.IssueNoticesView.as_view(), name="issue"),
    path("notices/<int:pk>/", views.NoticeDetailView.as_view(), name="notice"),
    path("notices/<int:pk>/<str:action>/", views.NoticeActionView.as_view(), name="notice_action"),
    path("answers/<int:pk>/", views.AnswerDetailView.as_view(), name="answer"),
    path("answers/<int:pk>/<str:action>/", views.AnswerActionView.as_view(), name="answer_action"),
    path("recheck/<int:task_pk>/", views.RecheckView.as_view(), name="recheck"),
]
