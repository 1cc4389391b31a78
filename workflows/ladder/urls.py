from django.urls import path

from . import views

app_name = "ladder"
urlpatterns = [
    path("tasks/", views.TaskListView.as_view(), name="tasks"),
    path("tasks/batch-approve/", views.BatchApproveView.as_view(), name="batch_approve"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task"),
    path("tasks/<int:pk>/<str:action>/", views.TaskActionView.as_view(), name="task_action"),
    path("done/", views.ArchiveView.as_view(), name="archive"),
    path("board/", views.BoardView.as_view(), name="board"),
    path("items/<str:kind>/<int:pk>/chart.svg", views.ChartView.as_view(), name="chart"),
    path("items/<str:kind>/<int:pk>/<str:action>/", views.ItemActionView.as_view(), name="item_action"),
]
