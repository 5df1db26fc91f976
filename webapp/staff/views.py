"""The receiving office's pages, under /staff: sign in, the inbox, a request, figures,
users. Thin views: the inbox query (inbox.py), the rules (workflow.py), the columns and
the audit log (records.py), the figures (figures.py).

A request another office holds is "not found" (404, never 403), so a reference is never
confirmed to someone who may not see it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy import select

from questionnaire.calendar import today_in_england

from ..extensions import limiter
from ..models import Request, StaffUser, db
from ..offices import OFFICES
from ..request_forms import choices_of
from . import auth, figures, inbox, present, records, workflow
from .forms import ROLE_LABELS, ConfirmForm, FilterForm, LoginForm, PasswordForm, StatusForm, UserForm

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
def load_user():
    g.staff_user = auth.load_user()


@bp.context_processor
def staff_helpers():
    return {"staff_user": g.get("staff_user"), "offices": OFFICES, "status_labels": workflow.LABELS,
            "due_labels": workflow.DUE_LABELS, **present.HELPERS}


@bp.record_once
def _filters(state):
    state.app.jinja_env.filters.update(present.FILTERS)


def _login_limit() -> str:
    return current_app.config["STAFF_LOGIN_RATE_LIMIT"]


# --------------------------------------------------------------------------- signing in


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        user = auth.authenticate(form.email.data, form.password.data)
        if user is not None:
            auth.sign_in(user)
            records.audit(user, "login")
            db.session.commit()
            return redirect(url_for("staff.inbox_page"), code=303)
        failed = True  # never say which part was wrong
        records.audit(None, "login_failed")
        db.session.commit()
    return render_template("staff/login.html", form=form, failed=failed,
                           timed_out=request.args.get("timeout") == "1"), (200 if not failed else 401)


@bp.post("/logout")
def logout():
    user = g.staff_user if ConfirmForm().validate_on_submit() else None
    auth.sign_out(user)
    if user is not None:
        records.audit(user, "logout")
        db.session.commit()
    return redirect(url_for("staff.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@auth.login_required
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        if auth.authenticate(g.staff_user.email, form.current.data) is None:
            form.current.errors = [_("Your current password is not right")]
        else:
            auth.set_password(g.staff_user, form.new.data)
            records.audit(g.staff_user, "password")
            db.session.commit()
            auth.sign_in(g.staff_user)  # this session goes on; every other one has ended
            flash(_("Your password has been changed. You are signed out everywhere else."), "success")
            return redirect(url_for("staff.inbox_page"), code=303)
    return render_template("staff/password.html", form=form)


# --------------------------------------------------------------------------- the inbox


@bp.get("/")
@auth.login_required
def inbox_page():
    form = FilterForm(request.args)
    valid = form.validate() if request.args else True
    today, now = today_in_england(), datetime.now(UTC)
    filters = inbox.Filters(
        kind=form.kind.data or "", status=form.status.data or "open", flag=form.flag.data or "",
        received_from=form.received_from.data if valid else None,
        received_to=form.received_to.data if valid else None,
        sort=form.sort.data or "urgency", page=_page_number())
    result = inbox.page(g.staff_user, filters, today, now) if valid else inbox.Page([], 0, 1, 1)
    context = {"form": form, "result": result, "today": today, "now": now, "statute_soon": inbox.STATUTE_SOON}
    if request.headers.get("HX-Target") == "inbox-results":
        if valid:
            return render_template("staff/inbox-results.html", **context)
        # The errors belong at the top of the page and on the fields: swap the whole main.
        response = current_app.make_response(render_template("staff/inbox.html", **context))
        response.headers.update({"HX-Retarget": "#main-content", "HX-Reselect": "#main-content",
                                 "HX-Reswap": "outerHTML"})
        return response
    return render_template("staff/inbox.html", **context)


def _page_number() -> int:
    """The page asked for, whatever was typed into the address: at least 1 (the query
    clamps it to the last page)."""
    try:
        return max(1, min(int(request.args.get("page", "1")), 1_000_000))
    except ValueError:
        return 1


# --------------------------------------------------------------------------- a request


def _request_for(reference: str) -> Request:
    found = db.session.scalar(select(Request).where(Request.reference == reference))
    if found is None or not auth.can_see(g.staff_user, found.office):
        abort(404)  # not 403: a reference is never confirmed
    return found


def _may_change(user: StaffUser, found: Request) -> bool:
    """The ARU's work (independent reviews) is for its reviewers; the rest for the office."""
    return user.role == "admin" or (found.office == "aru") == (user.role == "reviewer")


@bp.get("/requests/<reference>")
@auth.login_required
def request_page(reference: str):
    found = _request_for(reference)
    records.audit(g.staff_user, "view", found.reference)
    db.session.commit()
    return _render_request(found, StatusForm())


def _render_request(found: Request, form: StatusForm, status: int = 200, blocked: bool = False):
    allowed = workflow.transitions(found.kind, found.status, found.office) if _may_change(g.staff_user, found) else ()
    form.status.choices = choices_of((s, _(workflow.LABELS[s])) for s in allowed)
    today = today_in_england()
    return render_template("staff/request.html", found=found, form=form, allowed=allowed, blocked=blocked,
                           dues=records.dues(found, today), today=today), status


@bp.post("/requests/<reference>/status")
@auth.login_required
def change_status(reference: str):
    found = _request_for(reference)
    form = StatusForm()
    allowed = workflow.transitions(found.kind, found.status, found.office) if _may_change(g.staff_user, found) else ()
    form.status.choices = choices_of((s, _(workflow.LABELS[s])) for s in allowed)
    if not allowed:
        # Nothing this person may change (closed, or another team's stage): say so at the
        # top, pointing at the status, not at a form that is not there.
        return _render_request(found, form, 400, blocked=True)
    if not form.validate_on_submit():
        return _render_request(found, form, 400)
    records.change_status(found, form.status.data, g.staff_user, form.note.data or "")
    db.session.commit()
    status = _(workflow.LABELS[form.status.data])
    if not auth.can_see(g.staff_user, found.office):  # it moved to the ARU: say so, it leaves this inbox
        flash(_("Status changed to ‘%(status)s’. Request %(reference)s has moved to the %(office)s for the "
                "independent review: only its reviewers can see it now.", status=status,
                reference=found.reference, office=OFFICES[found.office].name), "success")
        return redirect(url_for("staff.inbox_page"), code=303)
    flash(_("Status changed to ‘%(status)s’.", status=status), "success")
    return redirect(url_for("staff.request_page", reference=found.reference), code=303)


@bp.get("/requests/<reference>/authority")
@auth.login_required
def authority(reference: str):
    found = _request_for(reference)
    stored = (found.details or {}).get("authority_file")
    if not stored:
        abort(404)
    path = Path(current_app.config["UPLOAD_FOLDER"]) / stored["token"]
    if not path.is_file():
        abort(404)
    records.audit(g.staff_user, "download", found.reference, "written authority")
    db.session.commit()
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(stored["type"], "bin")
    response = send_file(path, mimetype=stored["type"], as_attachment=True,
                         download_name=f"authority-{found.reference}.{extension}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------- figures


@bp.get("/figures")
@auth.login_required
def figures_page():
    rows = figures.compute(g.staff_user, today_in_england(), datetime.now(UTC))
    return render_template("staff/figures.html", rows=rows, idle_days=inbox.IDLE_DAYS)


@bp.get("/figures.csv")
@auth.login_required
def figures_csv():
    rows = figures.compute(g.staff_user, today_in_england(), datetime.now(UTC))
    records.audit(g.staff_user, "export", "figures")
    db.session.commit()
    return Response(figures.as_csv(rows), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="timeliness.csv"'})


# --------------------------------------------------------------------------- users


@bp.route("/users", methods=["GET", "POST"])
@auth.admin_required
def users():
    form = UserForm()
    # Every office, the triage team's too (its caseworkers read requests from people who
    # did not know the office); not the old codes of merged offices.
    form.office.choices = choices_of([("", _("No office (administrators)")),
                                      *((code, o.name) for code, o in OFFICES.items() if code == o.code)])
    if form.validate_on_submit():
        if auth.find_user(form.email.data) is not None:
            form.email.errors = [_("There is already a user with this email address")]
        else:
            office = form.office.data or ("aru" if form.role.data == "reviewer" else None)
            user = create_user(form.email.data, form.name.data, form.role.data, office, form.password.data)
            records.audit(g.staff_user, "user_created", user.email, user.role)
            db.session.commit()
            flash(_("User %(email)s added.", email=user.email), "success")
            return redirect(url_for("staff.users"), code=303)
    people = db.session.scalars(select(StaffUser).order_by(StaffUser.email)).all()
    return render_template("staff/users.html", form=form, people=people, role_labels=ROLE_LABELS,
                           status=400 if form.errors else 200), (400 if form.errors else 200)


@bp.post("/users/<int(max=2147483647):user_id>/deactivate")  # the largest id PostgreSQL stores
@auth.admin_required
def deactivate(user_id: int):
    user = db.session.get(StaffUser, user_id)
    if user is None or not ConfirmForm().validate_on_submit() or user.id == g.staff_user.id:
        abort(404)
    user.active = False
    records.audit(g.staff_user, "user_deactivated", user.email)
    db.session.commit()
    flash(_("User %(email)s can no longer sign in.", email=user.email), "success")
    return redirect(url_for("staff.users"), code=303)


def create_user(email: str, name: str, role: str, office: str | None, password: str) -> StaffUser:
    now = datetime.now(UTC)
    user = StaffUser(email=email.strip().lower(), name=name, role=role, office=office,
                     password_hash=auth.hash_password(password), password_changed_at=now, active=True, created_at=now)
    db.session.add(user)
    return user
