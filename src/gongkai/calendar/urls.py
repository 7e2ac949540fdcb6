from django.urls import path

from gongkai.calendar import views

# Included under /workspace/calendar/ by the root urls.py: both pages are staff pages.
app_name = "calendar"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("calculate/", views.calculate, name="calculate"),
]
