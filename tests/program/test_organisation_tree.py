"""One walk of the organisation tree (issue 8): what an organisation owes and what a
signed-in user may open are decided by :func:`jamlik.program.organisations_under`."""

from __future__ import annotations

from jamlik.program import create_organisation, organisations_under
from jamlik.web._auth import User
from jamlik.web._work import allowed_organisations


def test_the_tree_walk_is_one_and_the_web_uses_it(store):
    ids = {}
    for code, parent in (("board", None), ("admin", "board"), ("unit", "admin"),
                         ("other", None), ("company", "other"), ("team", "board")):
        ids[code] = create_organisation(store, code=code, name=code.title(), parent=parent).id
    with store.connect() as conn:
        under_board = organisations_under(conn, [ids["board"]])
        assert sorted(under_board) == sorted([ids["board"], ids["admin"], ids["unit"], ids["team"]])
        assert under_board[0] == ids["board"]  # roots first
        assert organisations_under(conn, [ids["unit"]]) == [ids["unit"]]
        both = organisations_under(conn, [ids["admin"], ids["other"]])
        assert set(both) == {ids["admin"], ids["unit"], ids["other"], ids["company"]}
        assert len(both) == len(set(both))
        assert organisations_under(conn, []) == []
    user = User(id=1, username="u", display_name="U", role="reporter",
                organisations=(ids["admin"], ids["other"]))
    assert allowed_organisations(store, user) == set(both)
    nobody = User(id=2, username="n", display_name="N", role="reporter")
    assert allowed_organisations(store, nobody) == set()
