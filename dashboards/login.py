"""Who is looking: a login form when a users file exists, else the local analyst.

The viewer is kept in st.session_state["viewer"]; dashboards.queries reads its scope
for every query, so what a user may see is enforced where the warehouse is opened,
not only in what the pages show.
"""

from __future__ import annotations

import streamlit as st

from orchestration.access import (
    LOCAL_ANALYST, ROLE_LABELS, User, UsersFileError, authenticate, load_users, users_file,
)

VIEWER_KEY = "viewer"


def require_viewer() -> User:
    """The logged-in user; shows the login form and stops the run until there is one."""
    path = users_file()
    if not path.exists():
        st.session_state[VIEWER_KEY] = LOCAL_ANALYST
        return LOCAL_ANALYST
    viewer = st.session_state.get(VIEWER_KEY)
    if isinstance(viewer, User) and viewer is not LOCAL_ANALYST:
        _account_sidebar(viewer)
        return viewer
    try:
        users = load_users(path)
    except UsersFileError as error:
        st.error(f"用户配置有误，看板暂不可用：{error}")
        st.stop()
    _login_form(users)
    st.stop()


def _login_form(users: dict[str, User]) -> None:
    # After a logout the browser still holds the last pages' links, which lead nowhere
    # until a login: hidden with the form.
    st.html('<style>[data-testid="stSidebarNav"] {display: none}</style>')
    st.title("工会工作数据看板")
    with st.form("login"):
        st.subheader("登录")
        username = st.text_input("用户名")
        password = st.text_input("密码", type="password")
        if st.form_submit_button("登录", type="primary"):
            user = authenticate(users, username, password)
            if user is None:
                st.error("用户名或密码错误")
            else:
                st.session_state[VIEWER_KEY] = user
                st.rerun()


def _account_sidebar(viewer: User) -> None:
    with st.sidebar:
        st.caption(f"{viewer.label}（{ROLE_LABELS[viewer.role]}）")
        if st.button("退出登录", key="logout"):
            st.session_state.clear()
            st.rerun()
