from django import forms

from gongkai.agencies.models import CONTACT_FIELDS, Agency


class AgencyFactsForm(forms.ModelForm):
    """The facts a head may edit for the 指南. Saving goes through agency_update, never form.save()."""

    website = forms.URLField(label="网址", required=False, assume_scheme="https")

    class Meta:
        model = Agency
        fields = ["short_name", *CONTACT_FIELDS]
