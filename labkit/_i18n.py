"""Every sentence a learner reads, in Japanese and English, and the switch between them.

A notebook calls ``labkit.set_language("ja")`` (or ``"en"``) in its first cell;
errors, log lines and panel labels then speak that language.  The default comes
from the ``LABKIT_LANG`` environment variable, else English.
"""

from __future__ import annotations

import os

__all__ = ["LANGUAGES", "add_messages", "get_language", "set_language", "t"]

LANGUAGES = ("ja", "en")

_default = os.environ.get("LABKIT_LANG") if os.environ.get("LABKIT_LANG") in LANGUAGES else "en"

# One entry per message: key -> {"ja": ..., "en": ...}.  Placeholders use str.format.
MESSAGES: dict[str, dict[str, str]] = {
    # --- validation -------------------------------------------------------
    "bad_type": {
        "en": "{name} must be {expected}, not {value!r} ({typename}). Cure: pass {example}.",
        "ja": "{name} は {expected} で指定してください。{value!r} ({typename}) は使えません。"
              "対処: {example} のように指定します。",
    },
    "bad_range": {
        "en": "{name}={value!r} is out of range: allowed {low} to {high}. Cure: {cure}",
        "ja": "{name}={value!r} は範囲外です。使えるのは {low} から {high} までです。対処: {cure}",
    },
    "cure_port": {
        "en": "use a dynamic port 49152-65535, or 0 to let the OS pick a free one.",
        "ja": "ダイナミックポート 49152～65535 を使うか、0 にして OS に空きポートを選ばせます。",
    },
    "cure_backlog": {
        "en": "leave backlog=None for a safe default (128 or more).",
        "ja": "backlog=None のままにすると安全な既定値 (128 以上) になります。",
    },
    "cure_workers": {
        "en": "16 worker threads are plenty for a classroom.",
        "ja": "教室なら 16 スレッドで十分です。",
    },
    "cure_bufsize": {
        "en": "4096 is the usual receive buffer size.",
        "ja": "受信バッファは 4096 が一般的です。",
    },
    "cure_timeout": {
        "en": "give the number of seconds to wait, e.g. 5.0.",
        "ja": "待つ秒数を 5.0 のように指定します。",
    },
    "bad_host": {
        "en": "host={value!r} is not an IP address or 'localhost'. Cure: use '127.0.0.1' "
              "(this computer only) or '::1' (IPv6).",
        "ja": "host={value!r} は IP アドレスでも 'localhost' でもありません。"
              "対処: '127.0.0.1' (このパソコンの中だけ) か '::1' (IPv6) を使います。",
    },
    "not_loopback": {
        "en": "host={value!r} is not a loopback address (allowed: 127.0.0.0/8, ::1). "
              "A server there can be reached from other computers. Cure: use '127.0.0.1', "
              "or pass allow_remote=True if your teacher asked you to (classroom LAN mode).",
        "ja": "host={value!r} はループバックアドレス (127.0.0.0/8, ::1) ではありません。"
              "ここで起動したサーバには他のパソコンから接続できてしまいます。"
              "対処: '127.0.0.1' を使うか、先生の指示がある場合だけ allow_remote=True を付けます"
              " (教室 LAN モード)。",
    },
    "remote_warning": {
        "en": "Warning: the server on {host}:{port} can be reached from other computers on "
              "your network. Your operating system's firewall may ask for permission. "
              "Stop it when the class ends.",
        "ja": "注意: {host}:{port} のサーバには、同じネットワークの他のパソコンから接続できます。"
              "OS のファイアウォールが許可を求めることがあります。授業が終わったら停止してください。",
    },
    # --- server -----------------------------------------------------------
    "port_in_use": {
        "en": "Port {port} on {host} is already in use by another program (not by a labkit "
              "server in this kernel): {cause}. Cure: stop that program, or use the free port "
              "{free} instead, e.g. LabServer(port={free}).",
        "ja": "{host} のポート {port} は別のプログラムが使用中です (このカーネルの labkit サーバでは"
              "ありません): {cause}。対処: そのプログラムを止めるか、空いているポート {free} を"
              "使います。例: LabServer(port={free})",
    },
    "bind_failed": {
        "en": "Cannot open a server on {host}:{port}: {cause}.",
        "ja": "{host}:{port} でサーバを開けません: {cause}。",
    },
    "replaced": {
        "en": "Stopped the earlier labkit server on {host}:{port} (re-run of a start cell).",
        "ja": "{host}:{port} で動いていた前回の labkit サーバを停止しました (セルの再実行)。",
    },
    "started": {
        "en": "Server started on {host}:{port}. Waiting for clients.",
        "ja": "サーバを {host}:{port} で起動しました。クライアントの接続待ち",
    },
    "stopped": {
        "en": "Server on {host}:{port} stopped after {count} access(es).",
        "ja": "{host}:{port} のサーバを停止しました (アクセス {count} 回)。",
    },
    "ev_accept": {
        "en": "[{n}] connection from {peer}",
        "ja": "[{n}] {peer} から接続要求あり",
    },
    "ev_send": {
        "en": "[{n}] sent {text!r}",
        "ja": "[{n}] 送信: {text!r}",
    },
    "ev_recv": {
        "en": "[{n}] received {text!r}",
        "ja": "[{n}] 受信: {text!r}",
    },
    "ev_close": {
        "en": "[{n}] client disconnected",
        "ja": "[{n}] クライアント切断完了",
    },
    "ev_print": {
        "en": "[{n}] {text}",
        "ja": "[{n}] {text}",
    },
    "ev_error": {
        "en": "[{n}] handler error for client {peer}: {text} (the server keeps serving)",
        "ja": "[{n}] クライアント {peer} の処理でエラー: {text} (サーバは動き続けます)",
    },
    "log_dropped": {
        "en": "... {dropped} older line(s) dropped ...",
        "ja": "... 古い行を {dropped} 行省略 ...",
    },
    "no_new_log": {
        "en": "(no new server log lines)",
        "ja": "(サーバログに新しい行はありません)",
    },
    "repr_running": {
        "en": "running on {host}:{port}, {count} access(es)",
        "ja": "{host}:{port} で実行中、アクセス {count} 回",
    },
    "repr_stopped": {
        "en": "stopped",
        "ja": "停止中",
    },
    # --- client -----------------------------------------------------------
    "refused": {
        "en": "Nobody is listening on {host}:{port} (connection refused). Cure: start the "
              "server first (run 01_server_001, or click Start in the panel), and check the port.",
        "ja": "{host}:{port} で待ち受けているサーバがありません (接続拒否)。対処: 先にサーバを"
              "起動し (01_server_001 を実行するか、パネルの Start を押す)、ポート番号を確認します。",
    },
    "timed_out": {
        "en": "No answer from {host}:{port} within {timeout} s. Cure: check that the server "
              "is running and not busy, or pass a larger timeout.",
        "ja": "{host}:{port} から {timeout} 秒以内に応答がありません。対処: サーバが動いていて"
              "処理が詰まっていないか確認するか、timeout を大きくします。",
    },
    "too_big": {
        "en": "The reply from {host}:{port} is longer than max_bytes={limit}; stopped reading.",
        "ja": "{host}:{port} からの応答が max_bytes={limit} を超えたので受信をやめました。",
    },
    # --- source check -----------------------------------------------------
    "src_clean": {
        "en": "No invisible or non-printable characters found.",
        "ja": "見えない文字・印字できない文字は見つかりませんでした。",
    },
    "src_problem": {
        "en": "line {line}, column {col}: {name} (U+{code:04X}) -> {fix}",
        "ja": "{line} 行 {col} 列: {name} (U+{code:04X}) -> {fix}",
    },
    "src_fix_space": {
        "en": "replace with a normal space",
        "ja": "普通の半角スペースに置き換える",
    },
    "src_fix_delete": {
        "en": "delete it",
        "ja": "削除する",
    },
    "src_cell": {
        "en": "cell {cell}:",
        "ja": "セル {cell}:",
    },
    # --- panels -----------------------------------------------------------
    "panel_title": {"en": "TCP socket lab", "ja": "TCP ソケット実験室"},
    "panel_host": {"en": "Host", "ja": "ホスト"},
    "panel_port": {"en": "Port", "ja": "ポート"},
    "panel_start": {"en": "Start", "ja": "Start (起動)"},
    "panel_stop": {"en": "Stop", "ja": "Stop (停止)"},
    "panel_connect": {"en": "Connect", "ja": "Connect (接続)"},
    "panel_status_running": {
        "en": "running on {host}:{port}",
        "ja": "実行中 {host}:{port}",
    },
    "panel_status_stopped": {"en": "stopped", "ja": "停止中"},
    "panel_count": {"en": "accesses: {count}", "ja": "アクセス回数: {count}"},
    "panel_received": {"en": "received: {text}", "ja": "受信: {text}"},
    "panel_not_running": {
        "en": "The server is not running: click Start first.",
        "ja": "サーバが起動していません。先に Start を押してください。",
    },
    "panel_remote_refused": {
        "en": "Nobody answers on {host}:{port}. Ask your teacher whether the class server is "
              "running, and check the address and port you typed.",
        "ja": "{host}:{port} から応答がありません。先生のクラスサーバが起動しているか確認し、"
              "入力したアドレスとポートを見直してください。",
    },
    "panel_error": {"en": "error: {text}", "ja": "エラー: {text}"},
    "panel_log": {"en": "server log", "ja": "サーバログ"},
    "panel_client_log": {"en": "client", "ja": "クライアント"},
    # --- this student's port on a shared machine (_student.py) ------------
    # (to move to the message catalogue's home with the others)
    "student_port_moved": {
        "en": "Port {preferred} is used by another user or program on this machine, so your server will use port {port}; your other notebooks will find it.",
        "ja": "ポート {preferred} はこのマシンの別のユーザーかプログラムが使っているので、あなたのサーバはポート {port} を使います。ほかのノートブックもこのポートを見つけます。",
    },
}


def add_messages(messages: dict[str, dict[str, str]]) -> None:
    """Register a module's own messages (each with "ja" and "en") under new keys."""
    for key, texts in messages.items():
        if key in MESSAGES and MESSAGES[key] != texts:
            raise KeyError(f"message key {key!r} is already used by another module")
        if set(texts) != set(LANGUAGES):
            raise ValueError(f"message {key!r} needs exactly {LANGUAGES}, got {sorted(texts)}")
    MESSAGES.update(messages)


def set_language(lang: str) -> None:
    """Choose the language of every message labkit shows: ``"ja"`` or ``"en"``."""
    global _default
    if lang not in LANGUAGES:
        raise ValueError(
            f"language {lang!r} is not supported: allowed {LANGUAGES}. Cure: "
            f"labkit.set_language('ja') or labkit.set_language('en')."
        )
    _default = lang


def get_language() -> str:
    """The language labkit speaks now."""
    return _default


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The message ``key`` in ``lang`` (default: the current language), filled in."""
    return MESSAGES[key][lang or get_language()].format(**fields)
