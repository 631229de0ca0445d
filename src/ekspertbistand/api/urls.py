from django.urls import path

from ekspertbistand.api.docs import swagger_asset
from ekspertbistand.api.v1 import api

urlpatterns = [
    path("v1/docs/assets/<str:name>", swagger_asset, name="api-docs-asset"),
    path("v1/", api.urls),
]
