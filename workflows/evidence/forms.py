"""Upload fields whose file picker offers only the formats a kind accepts; the service checks the content."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from workflows.common.sizes import megabytes

from .filenames import display_name
from .kinds import Kind, accept_for, rule_for
from .uploads import check_size


class EvidenceFileInput(forms.FileInput):
    """``<input type=file>`` with the kind's ``accept`` list; ``multiple=True`` lets one pick several photos."""

    def __init__(self, kind: str | None = None, *, multiple: bool = False, attrs=None):
        self.allow_multiple_selected = multiple
        attrs = {"accept": accept_for(kind), **({"multiple": True} if multiple else {}), **(attrs or {})}
        super().__init__(attrs)


class EvidenceFileField(forms.FileField):
    """One file (or, with ``multiple=True``, a list of files) of a kind; refuses an oversize file early."""

    def __init__(self, *, kind: str | None = None, multiple: bool = False, **kwargs):
        self.kind = kind
        self.multiple = multiple
        kwargs.setdefault("widget", EvidenceFileInput(kind, multiple=multiple))
        if kind:
            rule = rule_for(kind)
            kwargs.setdefault("help_text", _("支持 %(formats)s 格式，单个文件不超过 %(limit)s。") % {
                "formats": rule.format_labels, "limit": megabytes(rule.max_bytes)})
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not self.multiple:
            return self._clean_one(data, initial)
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [self._clean_one(item, initial) for item in files]

    def _clean_one(self, data, initial):
        upload = super().clean(data, initial)
        if upload and self.kind:
            check_size(display_name(upload.name), upload.size, rule_for(self.kind))
        return upload


class EvidenceUploadForm(forms.Form):
    """One file of a chosen kind — for a simple “add evidence” page and the API."""

    kind = forms.ChoiceField(label=_("材料类型"), choices=Kind.choices)
    file = EvidenceFileField(label=_("文件"))

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if upload and kind:
            try:
                check_size(display_name(upload.name), upload.size, rule_for(kind))
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned
