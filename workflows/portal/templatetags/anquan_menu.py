from django import template

register = template.Library()


@register.filter
def menu_links_for(app, user):
    """``{% for label, url, icon in app|menu_links_for:request.user %}``: the entries this user may open."""
    return app.menu_links(user)
