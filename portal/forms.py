from django import forms
from django.contrib import messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .form_fields import formfield
from .models import Invitation, Membership, Organisation, Profile


class LoginForm(AuthenticationForm):
    """Django's sign-in, refusing a name longer than the account's. Django sets the field's
    ``max_length`` after building it, so no validator checks it: a 300-character name reached
    ``authenticate`` and django-axes, whose record of the failed attempt holds 255 (a DataError on
    PostgreSQL, a 500)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))


class AdminLoginForm(AdminAuthenticationForm, LoginForm):
    """The admin's sign-in, with the same limit."""


class InvitationForm(forms.ModelForm):
    class Meta:
        formfield_callback = formfield
        model = Invitation
        fields = ["email", "role", "organisation"]

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["organisation"].queryset = Organisation.objects.filter(municipality=municipality)
        self.fields["organisation"].required = False

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email, role = cleaned.get("email"), cleaned.get("role")
        if email and role and Membership.objects.filter(
            municipality=self.municipality, user__email__iexact=email, role=role, is_active=True
        ).exists():
            self.add_error("email", _("This person already holds this role here."))
        return cleaned

    def validate_unique(self):
        # An open invitation for the same person and role is re-sent by the service, not refused.
        pass


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False,
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}), strip=False
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_password2(self):
        p1, p2 = self.cleaned_data.get("password1"), self.cleaned_data.get("password2")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError(_("The two passwords differ."))
        if p2:
            password_validation.validate_password(
                p2, User(email=self.email, first_name=self.cleaned_data.get("first_name", ""))
            )
        return p2


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"))

    class Meta:
        formfield_callback = formfield
        model = Profile
        fields = ["job_title", "phone", "language", "notification_mode"]
        widgets = {"notification_mode": forms.RadioSelect}


DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    """The browser's date picker (ISO value, so it round-trips whatever the language)."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the fields it names (others above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def add_service_messages(request, exc: ValidationError) -> None:
    """Show a service's ValidationError as error messages, for an action that has no form to show."""
    for message in exc.messages:
        messages.error(request, message)
