"""Dashboard pages that change the companion's setup: pairing the extension, deleting
templates. Every form carries the session's CSRF token (companion.security)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from .. import pairing
from ..storage.per_request import get_db
from . import bp
from .i18n import MESSAGES, t
from .views import _target_text

MESSAGES.update({
    "nav_pair": ("Подключить расширение", "Connect the extension"),
    "pair_title": ("Подключить расширение", "Connect the extension"),
    "pair_intro": (
        "Откройте настройки расширения otklik и нажмите «Подключить» — откроется эта "
        "страница. Вставлять токен не нужно.",
        "Open the otklik extension's options and press «Подключить» (Connect): this page "
        "opens. No token to paste.",
    ),
    "pair_asks": ("Подключиться просит расширение", "The extension asking to connect"),
    "pair_code": ("Код на странице настроек расширения",
                  "Code shown on the extension's options page"),
    "pair_name": ("Ваше имя (попадёт в отчёты о скорости ответа)",
                  "Your name (shown in the response-time reports)"),
    "pair_confirm": ("Подключить", "Connect"),
    # The options page asks every CLAIM_EVERY_MS (1.5 s, extension/src/options/options.js)
    # while it is open: the promise is two seconds, as docs/extension.md says.
    "pair_done": ("Готово: вернитесь на страницу настроек расширения — пока она открыта, "
                  "расширение подключится само за пару секунд.",
                  "Done: go back to the extension's options page; while it is open, the "
                  "extension connects by itself within two seconds."),
    "pair_bad": ("Эта ссылка не от расширения otklik: откройте её кнопкой «Подключить» в "
                 "настройках расширения.",
                 "This link is not from the otklik extension: open it with «Подключить» in "
                 "the extension's options."),
    "pair_manual": ("Без кнопки: выполните в терминале «otklik token» и вставьте токен в "
                    "настройках расширения.",
                    "Without the button: run «otklik token» in a terminal and paste the "
                    "token in the extension's options."),
    "pair_name_required": ("Укажите имя: по нему отчёты считают ответы оператора",
                           "Type your name: the reports count your replies under it"),
    "delete": ("Удалить", "Delete"),
    "deleted": ("Шаблон удалён", "Template deleted"),
})


@bp.route("/pair", methods=["GET", "POST"])
def pair():
    code = request.values.get("code", "")
    origin = request.values.get("origin", "")
    error = None
    done = False
    valid = bool(pairing.CODE.match(code)) and pairing_origin_ok(origin)
    if request.method == "POST":
        try:
            pairing.of(current_app).grant(code, origin, request.form.get("operator"))
            done = True
        except pairing.PairingError as exc:
            error = {"origin": t("pair_bad"), "operator": t("pair_name_required")}.get(
                exc.field, exc.message)
    elif (code or origin) and not valid:
        error = t("pair_bad")
    return render_template(
        "dashboard/pair.html",
        code=code if valid else "",
        short=pairing.short(code) if valid else "",
        origin=origin if valid else "",
        operator=request.form.get("operator", ""),
        error=error,
        done=done,
        target_text=_target_text(),
    ), (400 if error else 200)


def pairing_origin_ok(origin: str) -> bool:
    from ..security import is_extension_origin

    return is_extension_origin(origin)


@bp.post("/templates/<any_path:template_id>/delete")
def templates_delete(template_id: str):
    from ..storage import templates as templates_store

    if not templates_store.delete_template(get_db(), template_id):
        abort(404)
    flash(t("deleted"))
    return redirect(url_for("dashboard.templates"))
