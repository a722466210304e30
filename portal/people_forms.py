"""Forms of the people-and-roles pages (portal/people_views.py)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .concurrency import VersionedFormMixin
from .form_fields import ModelMultipleChoiceField
from .roles import Role


class MembershipRoleForm(VersionedFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=Role.choices)


class MembershipActiveForm(VersionedFormMixin, forms.Form):
    """The deactivate / reactivate button: the state wanted and the version loaded."""

    active = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PersonChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ProgrammeSocialWorkersForm(forms.Form):
    """Who works on a programme. ``loaded`` is the assignment as the gestor saw it: if it changed
    meanwhile, nothing is overwritten (the same optimistic check as ``edit_version``)."""

    social_workers = PersonChoiceField(
        label=_("social workers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, candidates, programme, **kwargs):
        super().__init__(*args, prefix=f"p{programme.pk}", **kwargs)
        self.programme = programme
        self.fields["social_workers"].queryset = candidates
        current = sorted(programme.social_workers.values_list("pk", flat=True))
        self.fields["social_workers"].initial = current
        self.fields["loaded"].initial = ",".join(str(pk) for pk in current)

    def loaded_ids(self) -> list[int] | None:
        raw = self.cleaned_data.get("loaded") or ""
        try:
            return sorted(int(part) for part in raw.split(",") if part)
        except ValueError:
            return None


User = get_user_model()
