# %% [markdown] id="intro" lang="ja"
# # 05 同時接続とバックログ
#
# 記事のサーバは `server.listen(2)` で待ち受けを始め、コメントに「最大接続数は2に設定」と書いています。
# 実は `listen()` の引数 (**バックログ**) は「最大接続数」ではありません。
# **まだ `accept()` されていない接続を、OS が何個まで並べておけるか** という待ち行列の長さです。
#
# - クライアントが `connect()` すると、OS (カーネル) が 3 ウェイハンドシェイク (SYN → SYN-ACK → ACK) を済ませ、
#   できあがった接続を **accept キュー** に並べます。プログラムが `accept()` するたびに 1 つ取り出します。
# - ハンドシェイクの途中の接続は **SYN キュー** で待ちます。
#
# 記事のサーバは 1 回に 1 クライアントずつ処理します。では、200 個のクライアントが **同時に** 来たら?
# このノートブックでは、実際に 200 個のクライアントを一斉に接続させて確かめます (落とし穴 6)。

# %% [markdown] id="intro" lang="en"
# # 05 Concurrency and the backlog
#
# The article's server starts listening with `server.listen(2)`, commented "max connections set to 2".
# In fact the argument of `listen()` (the **backlog**) is not a maximum number of connections.
# It is the length of a queue: **how many connections the OS may keep waiting until the program `accept()`s them**.
#
# - When a client calls `connect()`, the OS (the kernel) completes the three-way handshake (SYN, SYN-ACK, ACK)
#   and puts the finished connection in the **accept queue**. Each `accept()` takes one out.
# - Connections still in the middle of the handshake wait in the **SYN queue**.
#
# The article's server serves one client at a time. What if 200 clients come **at the same moment**?
# This notebook connects 200 clients at once and looks (pitfall 6).

# %% id="imports"
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

import labkit

labkit.set_language(L("ja", "en"))

N = 200          # ja: 一斉に接続するクライアントの数 # en: how many clients connect at once
TIMEOUT = 2.0    # ja: 各クライアントが返事を待つ最長の秒数 (デモを数秒で終わらせるため) # en: the longest a client waits for its reply, in seconds (keeps the demo short)


def progress_bar(description):
    L("""進捗バーを表示し、burst() が 1 クライアント終わるごとに呼ぶ関数を返す""",
      """Show a progress bar; return the function burst() calls each time a client finishes.""")
    bar = widgets.IntProgress(value=0, min=0, max=N, description=description)
    display(bar)

    def update(done, total):
        bar.value = done

    return update

# %% [markdown] id="kernels-settings" lang="ja"
# ## カーネルの設定
#
# Linux では、次の 3 つの設定が関係します (ほかの OS にはこのファイルがありません)。
#
# - `net.core.somaxconn`: バックログの上限。`listen(1024)` と書いても、これより大きくはなりません。
# - `net.ipv4.tcp_max_syn_backlog`: SYN キューの長さの目安。
# - `net.ipv4.tcp_syncookies`: SYN キューがあふれたときに **SYN クッキー** を使うか (1 = あふれたときだけ使う)。
#   SYN クッキーを使うと、カーネルは接続の記録を残さずに SYN-ACK を返します。
#
# 値はパソコンごとに違うので、このセルの出力はテストで比較しません。

# %% [markdown] id="kernels-settings" lang="en"
# ## The kernel's settings
#
# On Linux three settings are involved (other OSes have no such files).
#
# - `net.core.somaxconn`: the cap on any backlog. `listen(1024)` gets no more than this.
# - `net.ipv4.tcp_max_syn_backlog`: roughly, the length of the SYN queue.
# - `net.ipv4.tcp_syncookies`: whether to use **SYN cookies** when the SYN queue overflows (1 = only then).
#   With a SYN cookie, the kernel answers SYN-ACK without keeping any record of the connection.
#
# The values differ from machine to machine, so this cell's output is not compared by the tests.

# %% id="name-net-core-somaxconn" tags=["nbval-ignore-output"]
for name in ["net/core/somaxconn", "net/ipv4/tcp_max_syn_backlog", "net/ipv4/tcp_syncookies"]:
    path = Path("/proc/sys") / name
    value = path.read_text().strip() if path.exists() else L("(この OS にはありません)", "(not on this OS)")
    print(f"{name.replace('/', '.'):32} = {value}")

# %% [markdown] id="200-clients-at-articles" lang="ja"
# ## 200 クライアントを記事の `listen(2)` サーバへ
#
# `labkit.ArticleServer(backlog=2)` は記事のサーバのループそのもの (`listen(2)`、1 回に 1 クライアント) です。
# `labkit.burst(host, port, 200)` は 200 個のクライアントをほぼ同時に接続させ、それぞれが
# 返事を受け取れたか (**応答あり**)、接続できたのに返事が来ないまま `TIMEOUT` 秒たったか (**ハング**)、
# 接続できなかったか (**失敗**) を記録します。
#
# 何個のクライアントがハングするかは、その瞬間のタイミング次第で毎回変わります。まれに 1 つもハングしない
# こともあるので、ハングが起きるまで最大 3 回試します。

# %% [markdown] id="200-clients-at-articles" lang="en"
# ## 200 clients at the article's `listen(2)` server
#
# `labkit.ArticleServer(backlog=2)` is the article's server loop itself (`listen(2)`, one client at a time).
# `labkit.burst(host, port, 200)` connects 200 clients almost at once and records, for each one, whether it
# got its reply (**served**), connected but got no reply within `TIMEOUT` seconds (**hung**),
# or could not connect (**failed**).
#
# How many clients hang depends on the timing of the moment and changes every run. Rarely none does,
# so we try up to 3 bursts until a hang shows up.

# %% id="burst-listen-2"
update = progress_bar("listen(2)")
for attempt in range(1, 4):
    with labkit.ArticleServer(backlog=2) as article:
        article_result = labkit.burst(*article.address, N, timeout=TIMEOUT, progress=update)
    if article_result.hung > 0:
        break

# %% [markdown] id="note-result-numbers-belong" lang="ja"
# 結果です。数はこのパソコンのこの瞬間のもので、実行するたびに変わります (比較しません)。
# 「待ち時間」は各クライアントが `connect()` を呼んでから返事を受け取り終わるまでの時間です。

# %% [markdown] id="note-result-numbers-belong" lang="en"
# The result. The numbers belong to this machine at this moment and change every run (not compared).
# "Latency" is the time from a client's `connect()` call until it has its whole reply.

# %% id="print-article-result" tags=["nbval-ignore-output"]
print(L("試行回数:", "bursts tried:"), attempt)
print(L("接続できたのに返事が来ないクライアントがいる:",
        "some clients connected but never got a reply:"), article_result.hung > 0)
print(article_result)
print(L("約 1 秒待たされたクライアント:", "clients that stalled ~1 s:"), article_result.slow)
print()
print(article_result.table())

# %% [markdown] id="note-only-what-holds" lang="ja"
# 毎回変わらないことだけを確かめます。ハングが起きるかどうかは競争 (タイミング次第) なので、
# たいていは起きますが、毎回とは限りません。だから上のセルで表示し、ここでは比べません。

# %% [markdown] id="note-only-what-holds" lang="en"
# Only what holds every time is checked. Whether clients hang is a race: usually they do,
# but not on every run, so it is shown above and not checked here.

# %% id="article-accounted"
accounted = article_result.served + article_result.hung + article_result.failed
print(L("すべてのクライアントの結果がわかった (応答あり + ハング + 失敗 = N):",
        "every client accounted for (served + hung + failed = N):"), accounted == N)
print(L("返事をもらえたクライアントのアクセス番号は 1..N が 1 回ずつ:",
        "served clients got access numbers 1..n, each once:"), article_result.counts_ok)

# %% [markdown] id="what-happened-linux" lang="ja"
# ### 何が起きたのか (Linux の場合)
#
# 1. 200 個の SYN が一度に届き、SYN キューがあふれます。カーネルは **SYN クッキー** に切り替え、
#    記録を残さずに SYN-ACK を返します。
# 2. クライアントは最後の ACK を送り、`connect()` は **成功** します。クライアントから見れば接続済みです。
# 3. ところが accept キューは 2 個 (+1) でいっぱいです。カーネルはその ACK を捨て、SYN クッキーなので接続の記録もありません。
#    サーバはこのクライアントのことを **永久に知りません**。
# 4. 記事のプロトコルでは **サーバが先に話す** (`Server accessed.(N)`) ので、クライアントはひたすら `recv()` で待ち続けます。
#    誰もエラーに気づきません。これが「ハング」です (ここでは `TIMEOUT` 秒であきらめています)。
#
# もう 1 つの症状は **約 1 秒の遅れ** です。accept キューがいっぱいのときに届いた SYN は捨てられ、
# クライアントの OS が 1 秒後に SYN を再送します。表の `900-1500` ms の行がそれです。
#
# **ほかの OS では:** macOS や BSD も、キューがいっぱいのときは SYN を捨てるので、クライアントは待たされて再送します。
# Windows は、バックログがいっぱいだと接続を **拒否** する (RST を返す) ことが多く、その場合クライアントは
# ハングせずに `ConnectionRefusedError` になります。どの OS でも、`listen(2)` は同時に来るクライアントには小さすぎます。

# %% [markdown] id="what-happened-linux" lang="en"
# ### What happened (on Linux)
#
# 1. 200 SYNs arrive at once and the SYN queue overflows. The kernel switches to **SYN cookies**
#    and answers SYN-ACK without keeping a record.
# 2. The client sends the final ACK and its `connect()` **succeeds**. As far as the client knows, it is connected.
# 3. But the accept queue is full at 2 (+1). The kernel drops that ACK, and thanks to the cookie it kept no record.
#    The server **never learns** this client exists.
# 4. In the article's protocol **the server speaks first** (`Server accessed.(N)`), so the client just waits in `recv()`.
#    Nobody notices an error. That is a "hang" (here we give up after `TIMEOUT` seconds).
#
# The other symptom is a **~1 s stall**. A SYN that arrives while the accept queue is full is dropped,
# and the client's OS resends it one second later. That is the `900-1500` ms row of the table.
#
# **Other OSes:** macOS and the BSDs also drop the SYN when the queue is full, so clients stall and retry.
# Windows usually **refuses** the connection (answers with a reset) when the backlog is full; the client then
# gets `ConnectionRefusedError` instead of hanging. On every OS, `listen(2)` is too small for clients that come together.

# %% [markdown] id="cure-1-proper-backlog" lang="ja"
# ## 対策 1: 十分なバックログ
#
# `labkit.LabServer` の既定のバックログは 1024 です (OS の上限 `somaxconn` で頭打ちになります)。
# サーバは記事と同じく 1 回に 1 クライアントずつ処理しますが、200 個の接続がすべて accept キューに並べます。

# %% [markdown] id="cure-1-proper-backlog" lang="en"
# ## Cure 1: a proper backlog
#
# `labkit.LabServer` listens with a backlog of 1024 by default (capped by the OS's `somaxconn`).
# It still serves one client at a time like the article, but all 200 connections fit in the accept queue.

# %% id="burst-backlog"
update = progress_bar("backlog 1024")
with labkit.LabServer(port=0) as server:
    backlog_result = labkit.burst(*server.address, N, timeout=5.0, progress=update)

# %% id="print-backlog-result" tags=["nbval-ignore-output"]
print(backlog_result)
print()
print(backlog_result.table())

# %% id="backlog-all-served"
print(L("200 個すべてに返事:", "all 200 served:"), backlog_result.served == N)
print(L("ハング:", "hung:"), backlog_result.hung, L(" 失敗:", " failed:"), backlog_result.failed)
print(L("アクセス番号は 1..200 が 1 回ずつ:", "access numbers 1..200, each once:"), backlog_result.counts_ok)

# %% [markdown] id="when-one-at-time" lang="ja"
# ## 1 人ずつでは遅すぎるとき
#
# 実際のサーバは、返事を作るのに時間がかかることがあります (データベースの検索など)。
# `labkit.slow_handler(delay=0.05)` は 1 クライアントあたり 0.05 秒かかるサーバです。
# 1 人ずつ処理すると、200 番目のクライアントは 200 × 0.05 = 10 秒待つことになり、`TIMEOUT` (2 秒) に間に合いません。
#
# ここでの「ハング」は `listen(2)` のときとは意味が違います。接続は accept キューに並んでいて、
# いつかは処理されます。ただ、待っている人には区別がつきません。

# %% [markdown] id="when-one-at-time" lang="en"
# ## When one at a time is too slow
#
# A real server may take time to build its reply (a database query, say).
# `labkit.slow_handler(delay=0.05)` takes 0.05 s per client. Served one at a time,
# the 200th client waits 200 × 0.05 = 10 s, far longer than `TIMEOUT` (2 s).
#
# A "hang" here is not the same as with `listen(2)`: the connection sits in the accept queue and would be
# served some day. But a waiting client cannot tell the difference.

# %% id="burst-sequential"
update = progress_bar("one at a time")
with labkit.LabServer(port=0, handler=labkit.slow_handler(delay=0.05)) as server:
    sequential_result = labkit.burst(*server.address, N, timeout=TIMEOUT, progress=update)

# %% id="print-sequential-result" tags=["nbval-ignore-output"]
print(sequential_result)
print()
print(sequential_result.table())

# %% id="sequential-limit"
# ja: 2 秒で処理できるのは多くても 2 / 0.05 = 40 クライアント
# en: In 2 s it can serve at most 2 / 0.05 = 40 clients
print(L("2 秒で 200 個すべてに返事:", "all 200 served within 2 s:"), sequential_result.served == N)
print(L("返事をもらえたのは 40 個以下:", "at most 40 served:"), sequential_result.served <= 40)

# %% [markdown] id="cure-2-server-serves" lang="ja"
# ## 対策 2: 同時に処理するサーバ
#
# `LabServer(concurrent=True, workers=32)` は 32 個のスレッドでクライアントを同時に処理します。
# 遅い処理は「待っている時間」なので、待つのを同時に行えば全体は速く終わります: 200 × 0.05 / 32 ≈ 0.3 秒。

# %% [markdown] id="cure-2-server-serves" lang="en"
# ## Cure 2: a server that serves clients concurrently
#
# `LabServer(concurrent=True, workers=32)` serves clients in 32 threads at once.
# The slow part is waiting, and waits can overlap, so the whole burst ends quickly: 200 × 0.05 / 32 ≈ 0.3 s.

# %% id="burst-concurrent"
update = progress_bar("concurrent")
slow = labkit.slow_handler(delay=0.05)
with labkit.LabServer(port=0, handler=slow, concurrent=True, workers=32) as server:
    concurrent_result = labkit.burst(*server.address, N, timeout=5.0, progress=update)

# %% id="print-concurrent-result" tags=["nbval-ignore-output"]
print(concurrent_result)
print()
print(concurrent_result.table())

# %% id="concurrent-all-served"
print(L("200 個すべてに返事:", "all 200 served:"), concurrent_result.served == N)
print(L("アクセス番号は 1..200 が 1 回ずつ:",
        "access numbers 1..200, each once:"), concurrent_result.counts_ok)

# %% [markdown] id="four-servers-side-by" lang="ja"
# ## 4 つのサーバの比較
#
# 待ち時間 (ミリ秒) の比較です。p50 は半分のクライアントがこれ以内に返事をもらえた時間、p99 は 99% がこれ以内の時間です。
# (このパソコンのこの瞬間の数なので比較しません。)

# %% [markdown] id="four-servers-side-by" lang="en"
# ## The four servers side by side
#
# Latencies in milliseconds. p50: half the clients had their reply within this time; p99: 99% of them did.
# (Numbers from this machine at this moment: not compared.)

# %% id="comparison-table" tags=["nbval-ignore-output"]
print(labkit.burst_comparison({
    "listen(2)": article_result,
    L("バックログ 1024", "backlog 1024"): backlog_result,
    L("遅い・1 人ずつ", "slow, one by one"): sequential_result,
    L("遅い・同時", "slow, concurrent"): concurrent_result,
}))

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# - `listen()` の引数は最大接続数ではなく、**accept を待つ接続の行列の長さ** です。
# - `listen(2)` に同時にたくさん来ると、一部のクライアントは **接続に成功したのに永久に返事が来ません**
#   (SYN クッキー + accept キューあふれ)。サーバが先に話すプロトコルでは誰も気づきません。
#   ほかのクライアントは SYN の再送で約 1 秒待たされます。
# - 対策: バックログを十分に大きくする (`socket.create_server` や `LabServer` の既定値)、
#   時間のかかる処理は同時に行う (`concurrent=True`)、クライアントには必ずタイムアウトを付ける (`settimeout`)。
#
# 次のノートブック `06_errors` では、ソケットのよくあるエラーをわざと起こして、読み方と直し方を練習します。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# - The argument of `listen()` is not a maximum number of connections but **the length of the queue of connections waiting for accept**.
# - When many clients hit `listen(2)` at once, some **connect successfully and never get a reply**
#   (SYN cookies plus a full accept queue). With a protocol where the server speaks first, nobody notices.
#   Others stall ~1 s while their SYN is resent.
# - Cures: a large enough backlog (the default of `socket.create_server` and `LabServer`),
#   serve slow work concurrently (`concurrent=True`), and always give clients a timeout (`settimeout`).
#
# The next notebook, `06_errors`, triggers the common socket errors on purpose, to practise reading and fixing them.

# %% id="print-servers-running-labkit"
print(L("動いているサーバ:", "servers running:"), labkit.running_servers())
