from django.contrib.auth.forms import AuthenticationForm

from toegang.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass
