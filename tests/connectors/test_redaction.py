"""Passwords never survive into error text, whatever form a driver echoes them in."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from connectors.sql import _without_password


def test_plain_and_percent_encoded_passwords_are_removed():
    url = make_url("postgresql+psycopg://reader@db/mes").set(password="p@ss:w/rd %1")
    uri = url.render_as_string(hide_password=False)
    text = f"could not connect with {uri} (password p@ss:w/rd %1)"
    cleaned = _without_password(text, url)
    assert "p@ss" not in cleaned and "p%40ss" not in cleaned and "***" in cleaned
    assert _without_password("no secret here", make_url("sqlite:///x.db")) == "no secret here"
