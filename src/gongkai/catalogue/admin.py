from django.contrib import admin

from gongkai.catalogue.models import Area, ScoringSetting

admin.site.register(Area)
admin.site.register(ScoringSetting)
