from django.urls import path

from ekspertbistand.api.v1 import api

urlpatterns = [path("v1/", api.urls)]
