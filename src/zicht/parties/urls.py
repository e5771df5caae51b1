from django.urls import path

from . import convenant_views, views

app_name = "parties"
urlpatterns = [
    path("organisaties/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("convenanten/", convenant_views.convenant_list, name="convenant_list"),
    path("convenanten/<int:pk>/", convenant_views.convenant_detail, name="convenant_detail"),
    path("convenanten/<int:pk>/agenda/", convenant_views.convenant_agenda, name="convenant_agenda"),
    path(
        "convenanten/<int:pk>/overleg-plannen/",
        convenant_views.convenant_meeting_schedule,
        name="convenant_meeting_schedule",
    ),
    path("signalen/", convenant_views.SignalListView.as_view(), name="signal_list"),
    path("signalen/nieuw/", convenant_views.signal_create, name="signal_create"),
    path("signalen/<int:pk>/", convenant_views.signal_detail, name="signal_detail"),
]
