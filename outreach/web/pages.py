"""The pages: this week, posts, one post, compare, review, import, collection, sign-in."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from flask import Flask, g, redirect, render_template, request, send_file, session, url_for
from werkzeug.wrappers import Response

from outreach.app.users import SignInRefused
from outreach.app.workspace import Workspace
from outreach.errors import OutreachError
from outreach.web.security import post_filter_from, requires, save_uploads, sign_in, upload_folder

LABELS = ("positive", "neutral", "negative")
LOCAL_PATH = re.compile(r"/(?![/\\])[^\x00-\x20\\]*")
TAG_KINDS = ("pillar", "strategy", "campaign")


def register(app: Flask, ws: Workspace) -> None:
    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.route("/login", methods=["GET", "POST"])
    def login() -> Any:
        error = None
        if request.method == "POST":
            try:
                sign_in(ws, request.form.get("username", ""), request.form.get("password", ""))
            except SignInRefused as exc:
                error = str(exc)
            else:
                target = request.args.get("next") or ""
                # Only a path on this site: never an open redirect to another host ("//x",
                # "/\\x", or "/<tab>/x", which browsers read as "//x").
                return redirect(target if LOCAL_PATH.fullmatch(target) else "/")
        return render_template("login.html", error=error), 401 if error else 200

    @app.post("/logout")
    def logout() -> Response:
        session.clear()
        return redirect(url_for("login"))

    @app.get("/lang/<code>")
    def language(code: str) -> Response:
        if code in ("id", "en"):
            session["lang"] = code
        return redirect(request.referrer if _same_site(request.referrer) else url_for("this_week"))

    @app.get("/")
    @requires("read")
    def this_week() -> str:
        from outreach.web.weekly import weekly_page

        page = weekly_page(
            _ws(), week=request.args.get("week") or None, office=request.args.get("office") or None
        )
        return render_template("week.html", page=page)

    @app.get("/report/<week>/view")
    @requires("read")
    def report_frame(week: str) -> Response:
        from outreach.web.weekly import report_view

        html = report_view(_ws(), week=week, office=request.args.get("office") or None)
        response = Response(html, mimetype="text/html")
        # The report is self-contained (inline styles and SVG, no script): it may be framed
        # by this site's own page, and loads nothing.
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
        )
        return response

    @app.get("/report/<week>.<fmt>")
    @requires("read")
    def report_file(week: str, fmt: str) -> Response:
        from outreach.web.weekly import report_download

        name, payload = report_download(_ws(), week=week, fmt=fmt, office=request.args.get("office") or None)
        return send_file(io.BytesIO(payload), as_attachment=True, download_name=name)

    @app.get("/posts")
    @requires("read")
    def posts() -> str:
        from outreach.app.posts import SORTABLE, posts_at_age

        filters = post_filter_from(request.args)
        result = posts_at_age(
            _ws(), filters, post_type=request.args.get("type") or None, search=request.args.get("q") or None,
            sort=request.args.get("sort") or "published_at",
        )  # fmt: skip
        return render_template(
            "posts.html", result=result, filters=filters, sortable=SORTABLE, args=request.args
        )

    @app.get("/posts/<platform>/<post_id>")
    @requires("read")
    def post(platform: str, post_id: str) -> str:
        from outreach.app.posts import post_page
        from reports.post_chart import growth_svg

        page = post_page(_ws(), platform, post_id)
        tags = _tags(platform, post_id)
        chart = growth_svg(page.snapshots, page.post["published_at"], g.language) if page.snapshots else None
        return render_template(
            "post.html", page=page, tags=tags, chart=chart, kinds=TAG_KINDS, config=_ws().config
        )

    @app.post("/posts/<platform>/<post_id>/tags")
    @requires("correct")
    def correct_tags(platform: str, post_id: str) -> Response:
        from outreach.web.corrections import correct_tag

        kind, key, action = (
            request.form.get("kind", ""),
            request.form.get("key", ""),
            request.form.get("action", ""),
        )
        correct_tag(_ws(), g.user, platform, post_id, kind, key, action)
        return redirect(url_for("post", platform=platform, post_id=post_id))

    @app.get("/compare")
    @requires("read")
    def compare() -> str:
        from outreach.web.comparison import comparison_page

        page = comparison_page(_ws(), request.args) if request.args.get("by") else None
        return render_template("compare.html", page=page, args=request.args, config=_ws().config)

    @app.get("/review")
    @requires("read")
    def review() -> str:
        from outreach.web.corrections import review_queue

        return render_template("review.html", rows=review_queue(_ws(), limit=50), labels=LABELS)

    @app.post("/review/<int:comment_id>")
    @requires("correct")
    def review_label(comment_id: int) -> Response:
        from outreach.web.corrections import correct_sentiment

        correct_sentiment(_ws(), g.user, comment_id, request.form.get("label", ""))
        return redirect(url_for("review"))

    @app.route("/import", methods=["GET", "POST"])
    @requires("read")
    def upload() -> Any:
        result = None
        if request.method == "POST":
            if not g.user.can("import"):
                return render_template("error.html", message=g.t("web.no_import")), 403
            from outreach.app.imports import import_files
            from outreach.app.users import audit

            files = [f for f in request.files.getlist("files") if f and f.filename]
            if not files:
                raise OutreachError(g.t("web.no_files"))
            with upload_folder() as folder:
                saved = save_uploads(files, Path(folder))
                result = import_files(_ws(), saved)
            audit(
                _ws(), g.user, "upload", ", ".join(f.filename or "" for f in files)[:500],
                f"{result.summary.count('imported')} imported, {result.summary.count('failed')} failed",
            )  # fmt: skip
        return render_template("import.html", result=result)

    @app.get("/collection")
    @requires("read")
    def collection() -> str:
        from outreach.web.health import collection_page

        return render_template("collection.html", page=collection_page(_ws()))


def _ws() -> Workspace:
    from flask import current_app

    base: Workspace = current_app.extensions["outreach"]
    if g.language == base.language:
        return base
    # The person's language choice: the same database and configuration, texts in that language.
    cached = g.get("language_ws")
    if cached is None:
        cached = Workspace(base.db_option, base.config_option, language=g.language)
        cached.__dict__["engine"] = base.engine
        g.language_ws = cached
    return cached


def _same_site(referrer: str | None) -> bool:
    return bool(referrer) and referrer.startswith(request.host_url)  # type: ignore[union-attr]


def _tags(platform: str, post_id: str) -> list[Any]:
    from outreach.web.corrections import post_tags

    return post_tags(_ws(), platform, post_id)


__all__ = ["OutreachError", "register"]
