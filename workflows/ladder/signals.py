"""The ladder's one outward hook: a level approved an item.

Receivers run inside the approving transaction (``send``, not ``send_robust``): if one fails,
the approval rolls back. The documents app connects document issuing here.
"""

from django.dispatch import Signal

# Sent with: item, level (a Level value), actor (the user who approved), comment (their 审批意见, may be "").
level_approved = Signal()
