from django.urls import path

from translations import views

urlpatterns = [
    path(
        "proposals/<int:pk>/translations/<str:lang>/",
        views.translation_page,
        name="translation-page",
    ),
    path(
        "proposals/<int:pk>/translations/<str:lang>/xliff/",
        views.translation_xliff_download,
        name="translation-xliff",
    ),
    path(
        "proposals/<int:pk>/translations/<str:lang>/xliff/import/",
        views.translation_xliff_upload,
        name="translation-xliff-import",
    ),
]
