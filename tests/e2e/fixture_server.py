"""The fixture pages over HTTPS under the real host names (vk.com, vk.ru, vkvideo.ru,
www.facebook.com).

Chromium maps those names to this server with --host-resolver-rules; the certificate
is a throw-away self-signed one made here with openssl.
"""

from __future__ import annotations

import html
import random
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VK_POST = "/wall-12345_678"  # classic desktop markup
VK_NEW = "/wall-12345_700"  # the redesigned web (VKUI, data-testid)
VK_UNKNOWN = "/wall-12345_800"  # a markup otklik does not know (page health)
VK_BIG = "/wall-12345_999"  # 300 comments in the redesigned web's markup
FB_POST = "/berezka.market/posts/pfbid02aXyZ"  # old ul/li lists
FB_DIALOG = "/berezka.market/posts/9876543210"  # the post as a dialog, plain div lists

# The QA pages of issue 14 (tests/fixtures/qa/, written again from the public sources by
# another hand), at the addresses they model: (site, host prefix, path) → file.
QA_PAGES = {
    ("vk", "", "/wall-218000111_4512"): "vk_new_desktop_a.html",
    ("vk", "", "/wall-218000111_4600"): "vk_new_desktop_b.html",
    ("vk", "", "/wall-218000111_4700"): "vk_classic_desktop.html",
    ("vk", "m.", "/wall-218000111_4800"): "vk_mobile_legacy.html",
    ("vk", "m.", "/wall-218000111_5000"): "vk_mobile_redesign.html",
    ("vk", "", "/wall-218000111_4900"): "vk_unknown_markup.html",
    ("facebook", "", "/zernocoffee/posts/pfbid02ZernoQa1"): "fb_post_page.html",
    ("facebook", "", "/"): "fb_post_dialog.html",
}
# The second QA pass (tests/fixtures/qa2/), another hand again.
QA2_PAGES = {
    ("vk", "", "/wall-48213907_1204"): "vk_newweb_post.html",
    ("vk", "", "/club48213907"): "vk_layer_over_feed.html",  # ?w=wall-48213907_1190
    ("facebook", "", "/zernocoffee/posts/pfbid02Zr7mNq4xYkL1"): "fb_dialog_most_relevant.html",
    ("facebook", "", "/zernocoffee/posts/pfbid0Tk9sL2WqHn8"): "fb_post_view_more.html",
}
# The third pass (tests/fixtures/qa3/), a third hand; the Ukrainian feed under /home.php
# (the first pass has "/").
QA3_FB_POST = (
    "/svyazplus.eu/posts/pfbid02kT7wqZ3bYv9LcR1sN4uE8mD6hF2jA5pX7gK1oQ3tW9yB4nC6vM8rL2sH5dG1fJ7l"
)
QA3_PAGES = {
    ("vk", "", "/wall-211840311_4021"): "vk_newweb_thread_more.html",
    ("vk", "m.", "/wall-211840311_4102"): "mvk_post_threads.html",
    ("vk", "", "/svyazplus"): "vk_wall_flat_club.html",
    ("vk", "", "/wall-211840311_4170"): "vk_unknown_markup.html",
    ("facebook", "", QA3_FB_POST): "fb_post_de.html",
    ("facebook", "", "/home.php"): "fb_dialog_sort_uk.html",
}
# The fourth pass (tests/fixtures/qa4/), the operator's flow: reply boxes, sending and the
# site's own navigation between posts.
QA4_PAGES = {
    ("vk", "", "/wall-210041_501"): "vk_new_flow.html",
    ("vk", "", "/wall-210042_701"): "vk_classic_flow.html",
    ("vk", "m.", "/wall-210043_901"): "mvk_flow.html",
    ("facebook", "", "/lavkapryanik/posts/pfbid0Qa4LavkaPryanik"): "fb_lexical_flow.html",
}
# The fifth pass (tests/fixtures/qa5/): what comments hold, time words, and the places
# besides a wall post where brands get comments (query strings are not part of the key).
QA5_PAGES = {
    ("vk", "", "/wall-220555001_812"): "vk_newweb_rich_text.html",
    ("vk", "", "/video-220555001_456239017"): "vk_video_comments.html",
    ("vk", "", "/kolosok_bakery"): "vk_photo_layer.html",  # ?z=photo-220555001_457240100…
    ("facebook", "", "/zernoshop/posts/pfbid0Qa5ZernoShopCoffee"): "fb_en_post_badges.html",
    ("facebook", "", "/photo/"): "fb_photo_viewer.html",  # ?fbid=…&set=a.…
}
# The sixth pass (tests/fixtures/qa6/): VK on its new domains (vk.ru since 2025-2026, VK
# Video at vkvideo.ru), the feed, older comments above, a Facebook group post and
# Facebook's in-app move between posts. Keyed by the full host: the same paths may exist
# under vk.com for the earlier passes.
QA6_FB_FIRST = "/lastochka.cheese/posts/pfbid0Qa6LastochkaFirst"
QA6_FB_SECOND = "/lastochka.cheese/posts/pfbid0Qa6LastochkaSecond"
QA6_PAGES = {
    ("vk.ru", "/feed"): "vk_feed_posts.html",
    ("m.vk.ru", "/wall-224466001_312"): "mvk_ru_prev.html",
    ("vkvideo.ru", "/video-224466001_456239101"): "vkvideo_ru_video.html",
    (
        "www.facebook.com",
        "/groups/1876500012345678/posts/2233445566778899/",
    ): "fb_group_post.html",
    # Both posts are one page: the app renders either from the address (popstate, reload).
    ("www.facebook.com", QA6_FB_FIRST): "fb_spa_next_post.html",
    ("www.facebook.com", QA6_FB_SECOND): "fb_spa_next_post.html",
}
# The seventh pass (tests/fixtures/qa7/): VK's sort control rebuilding the list, a VK wall
# with nothing to read, a Facebook thread three levels deep, a Facebook post whose first
# comment arrives while it is open.
QA7_PAGES = {
    ("vk.com", "/wall-227700001_915"): "vk_sort_replace.html",
    ("vk.com", "/syrovarnya_mir"): "vk_wall_quiet.html",
    ("www.facebook.com", "/pekarnya.utro/posts/pfbid0Qa7UtroChain"): "fb_reply_chain_ru.html",
    ("www.facebook.com", "/pekarnya.utro/posts/pfbid0Qa7UtroQuiet"): "fb_post_quiet.html",
}
# The eighth pass (tests/fixtures/qa8/): VK's older comments put above with a deleted
# comment and account, Facebook's «All comments» with older comments above, a reel's comment
# panel, Watch sorted «Newest» with live arrivals. Keyed by the full host; the query
# (`?v=` of Watch) is not part of the key.
QA8_PAGES = {
    ("vk.com", "/wall-229900001_640"): "vk_prev_deleted.html",
    (
        "www.facebook.com",
        "/brightbrew.roasters/posts/pfbid0Qa8BrightBrewBeans",
    ): "fb_all_comments_older.html",
    ("www.facebook.com", "/reel/1290000000004321"): "fb_reel_comments.html",
    ("www.facebook.com", "/watch/"): "fb_watch_newest_live.html",
}
# The ninth pass (tests/fixtures/qa9/): VK's new web in the English interface, a VK
# discussion-board topic, Facebook's mobile web (WebLite) on m.facebook.com. Keyed by the
# full host; the query (story.php's story_fbid and id) is not part of the key.
QA9_PAGES = {
    ("vk.com", "/wall-231100001_770"): "vk_en_newweb.html",
    ("vk.com", "/topic-231100001_49990001"): "vk_topic_board.html",
    ("m.facebook.com", "/story.php"): "mfb_weblite_story.html",
}
# The tenth pass (tests/fixtures/qa10/): comments that change while the page is open (VK
# and Facebook edits, Facebook's «Ещё» expanded in place), the VK community answering at
# the top level by a mention, admins replying from their personal profiles. Full host.
QA10_PAGES = {
    ("vk.com", "/wall-231010001_777"): "vk_live_edit_mention.html",
    ("www.facebook.com", "/samovar.tea/posts/pfbid0Qa10SamovarEdit"): "fb_live_edit_seemore.html",
}
QA11_PAGES = {
    ("www.facebook.com", "/gorodok.pekarnya/posts/pfbid0Qa11GorodokNotif"): "fb_notif_focus.html",
    ("vk.com", "/wall-231110001_880"): "vk_reply_focus.html",
    ("vk.com", "/wall-231110001_890"): "vk_skeleton_stages.html",
    ("vk.com", "/wall-231110001_891"): "vk_skeleton_stages.html",  # the comments never arrive
    ("vk.com", "/wall-231110001_892"): "vk_skeleton_stages.html",  # they arrive 6 s late
}
# The dark-theme pages (tests/fixtures/dark/): VK's new web and a Facebook post in each
# site's dark theme, switchable live by the page's own script. Keyed by the full host.
DARK_VK = "/wall-230777001_150"
DARK_FB = "/kolosok.bakery/posts/pfbid0DarkKolosok"
DARK_PAGES = {
    ("vk.com", DARK_VK): "vk_newweb_dark.html",
    ("www.facebook.com", DARK_FB): "fb_post_dark.html",
}
VK_HOSTS = ("vk.com", "vk.ru", "vkvideo.ru")

# Comment texts for the 300-comment thread, in the voices of the five personas.
BIG_TEXTS = [
    "Опять нет интернета!!! Сколько можно, верните деньги",
    "подскажите пожалуйста, что нажать, не получается войти в личный кабинет",
    "Спасибо огромное, всё быстро починили)))",
    "Пинг 200 мс до шлюза, трассировка рвётся на третьем хопе, PPPoE переподнимал",
    "А ещё заметил, что в приложении кнопка оплаты съехала, и шрифт мелкий, и тарифы не видно",
    "Когда подключат наш дом на Ленина 5?",
]


def make_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=vk.com",
            "-addext",
            "subjectAltName=DNS:vk.com,DNS:m.vk.com,DNS:vk.ru,DNS:m.vk.ru,DNS:vkvideo.ru,"
            "DNS:www.facebook.com,DNS:m.facebook.com",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def big_vk_thread(count: int = 300, seed: int = 7) -> str:
    """The redesigned-web VK fixture with `count` comments under one post."""
    rng = random.Random(seed)
    parts = []
    for i in range(count):
        rid = 5000 + i
        text = html.escape(f"{rng.choice(BIG_TEXTS)} (#{i})")
        mins = rng.randint(1, 180)
        parts.append(
            f'<div style="--comment-layout-level: 0"><div data-testid="wall_comments_comment_root" '
            f'id="-12345_{rid}"><a data-testid="comment-avatar" href="/id{1000 + i}"></a>'
            f'<div><a href="/id{1000 + i}"><div data-testid="comment-owner">Читатель {i}</div></a>'
            f'<div data-testid="comment-text"><div data-testid="showmoretext-in">{text}</div></div>'
            f'<div><a data-testid="wall_comment_date" href="/wall-12345_999?reply={rid}">'
            f"{mins} минут назад</a>"
            f'<div data-testid="comment-reply" role="button" tabindex="0">Ответить</div>'
            f"</div></div></div></div>"
        )
    page = (FIXTURES / "vk" / "new_post.html").read_text("utf-8")
    root = '<div class="vkitWallComments__root--j0" data-testid="wall_comments_layout_root">'
    start = page.index(root) + len(root)
    end = page.index('<div class="vkitWallComments__more--y8"')
    page = page[:start] + "".join(parts) + "\n  </div>\n  " + page[end:]
    return page.replace('data-post-id="-12345_700"', 'data-post-id="-12345_999"').replace(
        "/wall-12345_700", "/wall-12345_999"
    )


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        body: bytes | None = None
        kind = "text/html; charset=utf-8"
        site = (
            "vk"
            if any(host == h or host.endswith("." + h) for h in VK_HOSTS)
            else "facebook"
            if "facebook" in host
            else None
        )
        if path.endswith(".js") and site:
            file = FIXTURES / site / Path(path).name
            if not file.is_file():  # shared by every site's stand-in (paste.js)
                file = FIXTURES / Path(path).name
            if file.is_file():
                body, kind = file.read_bytes(), "text/javascript; charset=utf-8"
        elif (host, path) in DARK_PAGES:
            body = (FIXTURES / "dark" / DARK_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA6_PAGES:
            body = (FIXTURES / "qa6" / QA6_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA7_PAGES:
            body = (FIXTURES / "qa7" / QA7_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA9_PAGES:
            body = (FIXTURES / "qa9" / QA9_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA8_PAGES:
            body = (FIXTURES / "qa8" / QA8_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA11_PAGES:
            body = (FIXTURES / "qa11" / QA11_PAGES[(host, path)]).read_bytes()
        elif (host, path) in QA10_PAGES:
            body = (FIXTURES / "qa10" / QA10_PAGES[(host, path)]).read_bytes()
        elif (site, "m." if host.startswith("m.") else "", path) in QA_PAGES:
            qa = QA_PAGES[(site, "m." if host.startswith("m.") else "", path)]
            body = (FIXTURES / "qa" / qa).read_bytes()
        elif (site, "m." if host.startswith("m.") else "", path) in QA2_PAGES:
            qa = QA2_PAGES[(site, "m." if host.startswith("m.") else "", path)]
            body = (FIXTURES / "qa2" / qa).read_bytes()
        elif (site, "m." if host.startswith("m.") else "", path) in QA3_PAGES:
            qa = QA3_PAGES[(site, "m." if host.startswith("m.") else "", path)]
            body = (FIXTURES / "qa3" / qa).read_bytes()
        elif (site, "m." if host.startswith("m.") else "", path) in QA4_PAGES:
            qa = QA4_PAGES[(site, "m." if host.startswith("m.") else "", path)]
            body = (FIXTURES / "qa4" / qa).read_bytes()
        elif (site, "m." if host.startswith("m.") else "", path) in QA5_PAGES:
            qa = QA5_PAGES[(site, "m." if host.startswith("m.") else "", path)]
            body = (FIXTURES / "qa5" / qa).read_bytes()
        elif site == "vk" and host.startswith("m."):
            body = (FIXTURES / "vk" / "mobile_post.html").read_bytes()
        elif site == "vk" and path == VK_POST:
            body = (FIXTURES / "vk" / "wall_post.html").read_bytes()
        elif site == "vk" and path == VK_NEW:
            body = (FIXTURES / "vk" / "new_post.html").read_bytes()
        elif site == "vk" and path == VK_UNKNOWN:
            body = (FIXTURES / "vk" / "unknown_markup.html").read_bytes()
        elif site == "vk" and path == VK_BIG:
            body = big_vk_thread().encode("utf-8")
        elif site == "facebook" and path == FB_POST:
            body = (FIXTURES / "facebook" / "page_post.html").read_bytes()
        elif site == "facebook" and path == FB_DIALOG:
            body = (FIXTURES / "facebook" / "dialog_post.html").read_bytes()
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class FixtureServer:
    def __init__(self, folder: Path) -> None:
        cert, key = make_cert(folder)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FixtureServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
