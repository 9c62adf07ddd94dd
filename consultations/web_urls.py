from django.urls import path

from consultations import views

urlpatterns = [
    path("proposals/<int:pk>/comments/", views.comment_post, name="comment-post"),
    path("comments/<int:cid>/hide/", views.comment_hide_page, name="comment-hide"),
    path(
        "proposals/<int:pk>/sections/<int:sid>/amend/",
        views.amendment_new,
        name="amendment-new",
    ),
    path("amendments/<int:aid>/support/", views.amendment_support_post, name="amendment-support"),
    path("amendments/<int:aid>/decide/", views.amendment_decide_page, name="amendment-decide"),
    path(
        "proposals/<int:pk>/consultation-report/",
        views.report_page,
        name="consultation-report",
    ),
]
