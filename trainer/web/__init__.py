"""`trainer ui`: the coach as a local web page. An adapter at the top, like cli.py: routes,
sockets and static assets calling the same use cases; nothing below knows it exists."""
