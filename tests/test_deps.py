"""What routes share (talentbridge/deps.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from starlette.requests import Request

from talentbridge import deps
from talentbridge.accounts import service as accounts


def _request(user_id: object) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "headers": [], "session": {"user_id": user_id}})


def test_the_signed_in_user_is_read_and_the_connection_given_back(app_database, engine_session: Session) -> None:
    user = accounts.create_user(engine_session, username="reader", password="a long password 1", role="company")
    engine_session.commit()
    request = _request(user.id)
    read = deps.current_user(request, engine_session)
    assert read.username == "reader"
    assert request.state.user == read
    # The handler runs in another turn of the thread pool: holding a connection (a
    # transaction) across that wait stalled the server under load.
    assert not engine_session.in_transaction()


def test_no_one_signed_in_is_refused_and_the_connection_given_back(app_database, engine_session: Session) -> None:
    with pytest.raises(deps.SignInRequired):
        deps.current_user(_request(123456), engine_session)
    assert not engine_session.in_transaction()
    with pytest.raises(deps.SignInRequired):
        deps.current_user(_request(None), engine_session)
