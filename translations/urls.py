from django.urls import path

from translations import api

urlpatterns = [
    path(
        "proposals/<int:pk>/translations/",
        api.TranslationListApi.as_view(),
        name="api-translations",
    ),
    path(
        "proposals/<int:pk>/translations/<str:lang>/",
        api.TranslationDetailApi.as_view(),
        name="api-translation",
    ),
    path(
        "proposals/<int:pk>/translations/<str:lang>/xliff/",
        api.TranslationXliffApi.as_view(),
        name="api-translation-xliff",
    ),
]
