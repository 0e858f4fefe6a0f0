"""Messages for check_setup and ensure_server (notebook 00)."""

MESSAGES: dict[str, dict[str, str]] = {
    "setup_ok": {"en": "[OK] {what}", "ja": "[OK] {what}"},
    "setup_fix": {"en": "[FIX] {what}: {problem} Cure: {cure}",
                  "ja": "[要対応] {what}: {problem} 対処: {cure}"},
    "setup_all_ok": {
        "en": "Everything is ready. Go on with 01_server_001.",
        "ja": "準備ができています。01_server_001 に進んでください。",
    },
    "setup_some_fix": {
        "en": "{n} item(s) to fix (see [FIX] above), then restart the kernel and run this "
              "cell again.",
        "ja": "{n} 件の要対応があります (上の [要対応] を参照)。直したらカーネルを再起動して、"
              "このセルをもう一度実行してください。",
    },
    "setup_python": {"en": "Python {need} or newer", "ja": "Python {need} 以上"},
    "setup_package": {"en": "{name} {need} or newer", "ja": "{name} {need} 以上"},
    "setup_ipykernel_why": {
        "en": "ipykernel {need} or newer (7.0 lost the output of background threads)",
        "ja": "ipykernel {need} 以上 (7.0 ではバックグラウンドのスレッドの出力が消えます)",
    },
    "setup_too_old": {"en": "version {found} is installed.",
                      "ja": "バージョン {found} が入っています。"},
    "setup_missing": {"en": "it is not installed.", "ja": "インストールされていません。"},
    "setup_cure_python": {
        "en": "create the kit's environment: conda env create -f environment.yml "
              "(or make lab), and choose its kernel.",
        "ja": "キットの環境を作ります: conda env create -f environment.yml (または make lab)。"
              "そのカーネルを選びます。",
    },
    "setup_cure_package": {
        "en": "pip install -U '{name}>={need}' (or conda install -c conda-forge '{name}>={need}'), "
              "then restart the kernel.",
        "ja": "pip install -U '{name}>={need}' (または conda install -c conda-forge "
              "'{name}>={need}') を実行してから、カーネルを再起動します。",
    },
    "setup_port": {
        "en": "port {port} on {host} is free for the lab's server",
        "ja": "{host} のポート {port} はラボのサーバに使えます (空いています)",
    },
    "setup_port_what": {"en": "port {port} on {host}", "ja": "{host} のポート {port}"},
    "setup_port_ours": {
        "en": "port {port} on {host} is used by this kernel's labkit server (fine)",
        "ja": "{host} のポート {port} はこのカーネルの labkit サーバが使用中です (問題ありません)",
    },
    "setup_port_busy": {
        "en": "another program listens there (perhaps 01, 02 or 03 in another kernel).",
        "ja": "別のプログラムが使っています (別のカーネルの 01・02・03 かもしれません)。",
    },
    "setup_cure_port": {
        "en": "stop it (in that notebook: labkit.stop_all(), or restart its kernel), "
              "or use the free port {free}.",
        "ja": "それを止めます (そのノートブックで labkit.stop_all() を実行するか、"
              "カーネルを再起動)。または空いているポート {free} を使います。",
    },
    "ensure_started": {
        "en": "Nothing was listening on {host}:{port}, so this notebook started a lab server "
              "there: the client below talks to it. (For the article's two-notebook "
              "walkthrough, run 01_server_001 first in another tab.)",
        "ja": "{host}:{port} で待ち受けているサーバがなかったので、このノートブックで labkit の"
              "サーバを起動しました。下のクライアントはこのサーバと通信します。(記事のように 2 つの"
              "ノートブックで試すときは、先に別のタブで 01_server_001 を実行します。)",
    },
    "ensure_ours": {
        "en": "This kernel's lab server already listens on {host}:{port}: the client below "
              "talks to it.",
        "ja": "このカーネルの labkit サーバがすでに {host}:{port} で待ち受けています。"
              "下のクライアントはこのサーバと通信します。",
    },
    "ensure_elsewhere": {
        "en": "A server already listens on {host}:{port} (01_server_001 in another kernel, "
              "for example): the client below talks to it.",
        "ja": "{host}:{port} ではすでにサーバが待ち受けています "
              "(別のカーネルの 01_server_001 など)。下のクライアントはそのサーバと通信します。",
    },
    "ensure_stopped": {
        "en": "Stopped the lab server this notebook started on {host}:{port}.",
        "ja": "このノートブックが {host}:{port} で起動したサーバを停止しました。",
    },
    "ensure_not_ours": {
        "en": "Nothing to stop: the server on {host}:{port} was not started by this notebook.",
        "ja": "止めるものはありません: {host}:{port} のサーバはこのノートブックが起動したものでは"
              "ありません。",
    },
}
