from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Ekspertbistand – NAV-administrasjon"
admin.site.site_title = "Ekspertbistand"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("ekspertbistand.api.urls")),
    path("nav/", include("ekspertbistand.casework.urls")),
    path("", include("ekspertbistand.portal.urls")),
]
