# %% [markdown] id="intro" lang="ja"
# # 07 ホワイトハッカーの目で見る (ループバックだけで)
#
# 記事は「コンピューターへの不正侵入」がどう行われるのか気になる、というところから始まりました。
# このノートブックでは、攻撃者が最初にすることを **自分のパソコンの中だけで** 試し、自分のサーバが何を漏らしているかを確かめます。
#
# 1. `127.0.0.1` と `0.0.0.0`: 誰がサーバに接続できるか、なぜファイアウォールが許可を求めるのか
# 2. ポートスキャン: どのポートが開いているかを調べる
# 3. バナーグラビング: サーバが最初に話す言葉から分かること
# 4. 黙ったままのクライアントが 1 件ずつ処理するサーバを止めてしまう攻撃と、3 つの対策 (タイムアウト、並行処理、入力の上限)
# 5. 共有マシン (JupyterHub) では `127.0.0.1` も自分だけのものではないこと、と 3 つの対策
#
# > **約束**: スキャンしてよいのは自分のパソコン (ループバック) だけです。持ち主の書面による許可なく他人のコンピュータを調べるのは攻撃であり、法律や学校の規則に反することがあります。`labkit` はループバック以外を調べようとすると、パケットを 1 つも送らずに止めます。

# %% [markdown] id="intro" lang="en"
# # 07 Through a white hat's eyes (on loopback only)
#
# The article begins with curiosity about how intruders break into computers.
# In this notebook you try an attacker's first steps **inside your own computer only**, and see what your own server gives away.
#
# 1. `127.0.0.1` vs `0.0.0.0`: who can reach the server, and why the firewall asks
# 2. A port scan: which ports are open
# 3. Banner grabbing: what a server's first words tell a stranger
# 4. A silent client that freezes a one-at-a-time server, and three cures (timeouts, concurrency, input limits)
# 5. On a shared machine (a JupyterHub), `127.0.0.1` is not private either, and three cures
#
# > **Rule**: scan only your own computer (loopback). Probing someone else's computer without the owner's written permission is an attack and may be against the law or your school's rules. `labkit` refuses any other target before sending a single packet.

# %% id="imports"
import hmac
import os
import secrets
import socket
import stat
import subprocess
import tempfile

import psutil
from jupyter_client.manager import KernelManager

import labkit

labkit.set_language(L("ja", "en"))  # ja: labkit のメッセージを日本語にする # en: labkit's messages in English

# %% [markdown] id="loopback-or-any" lang="ja"
# ## 1. `127.0.0.1` と `0.0.0.0`: 誰が接続できるか
#
# `bind()` に渡すアドレスは「どのアドレスあての接続を受け付けるか」を決めます。
#
# | bind するアドレス | 接続できる人 |
# |---|---|
# | `127.0.0.1` (ループバック) | このパソコンの中のプログラムだけ |
# | Wi-Fi などのアドレス (例 `192.168.1.23`) | そのネットワークにいる全員 |
# | `0.0.0.0` (すべてのアドレス) | このパソコンに届く全員 (Wi-Fi、有線、VPN ...) |
#
# `0.0.0.0` で待ち受けると、外から接続できるようになるので、Windows や macOS のファイアウォールが「python に着信接続を許可しますか?」と尋ねます (DESIGN の落とし穴 7)。
# 逆に、友だちのパソコンから `127.0.0.1` に接続しても、それは **友だち自身のパソコン** なので、あなたのサーバには届きません。
#
# このパソコンが持っているアドレスを見てみましょう (出力はパソコンごとに違います)。

# %% [markdown] id="loopback-or-any" lang="en"
# ## 1. `127.0.0.1` vs `0.0.0.0`: who can reach the server
#
# The address given to `bind()` decides which destination addresses the server answers on.
#
# | bound to | who can connect |
# |---|---|
# | `127.0.0.1` (loopback) | programs on this computer only |
# | a Wi-Fi or Ethernet address (e.g. `192.168.1.23`) | everyone on that network |
# | `0.0.0.0` (every address) | everyone who can reach this computer (Wi-Fi, cable, VPN, ...) |
#
# Listening on `0.0.0.0` opens the server to other computers, so the Windows or macOS firewall asks "allow python to accept incoming connections?" (pitfall 7 in DESIGN).
# The other way round: a friend who connects to `127.0.0.1` reaches **their own computer**, never your server.
#
# Here are this computer's addresses (the output differs on every computer):

# %% id="addresses" tags=["nbval-ignore-output"]
# ja: ネットワークインターフェースごとの IPv4 アドレス (psutil で調べる)
# en: The IPv4 address of each network interface (found with psutil)
for name, addrs in sorted(psutil.net_if_addrs().items()):
    for a in addrs:
        if a.family == socket.AF_INET:
            kind = L("ループバック: このパソコンの中だけ",
                     "loopback: this computer only") if labkit.is_loopback(a.address) else L("他のパソコンから届く",
                                                                                                                   "reachable from other computers")
            print(f"{name:10} {a.address:16} {kind}")

# %% [markdown] id="note-labkit-server-refuses" lang="ja"
# `labkit` のサーバは、はっきり頼まれない限り `0.0.0.0` では待ち受けません。
# 次のセルはわざとエラーになります。エラーの文が、理由と対処を説明しています。

# %% [markdown] id="note-labkit-server-refuses" lang="en"
# A `labkit` server refuses `0.0.0.0` unless you ask for it explicitly.
# The next cell fails on purpose; the error says why and what to do.

# %% id="refuse-any-address" tags=["raises-exception"]
labkit.LabServer(host="0.0.0.0", port=0)

# %% [markdown] id="note-cure-listen-127" lang="ja"
# 対処: `127.0.0.1` で待ち受けます。ファイアウォールは何も尋ねず、このパソコンの中からだけ接続できます。
# bind したアドレス以外では受け付けないことも確かめます。`127.0.0.2` も同じパソコンのループバックですが、`127.0.0.1` で待ち受けるサーバには届きません。
# (教室で先生のサーバに接続する場合だけ `allow_remote=True` を使います。警告が出て、停止するまで外から接続できる状態になります。)

# %% [markdown] id="note-cure-listen-127" lang="en"
# The cure: listen on `127.0.0.1`. The firewall asks nothing, and only this computer can connect.
# The server answers only on the address it is bound to: `127.0.0.2` is loopback too, yet it does not reach a server bound to `127.0.0.1`.
# (Only for a teacher's class server, `allow_remote=True` opens it to the network, with a warning, until it stops.)

# %% id="listen-loopback"
home = labkit.LabServer(host="127.0.0.1", port=0).start()
port = home.address[1]
print(L("127.0.0.1 から:", "from 127.0.0.1:"), labkit.fetch("127.0.0.1", port))
try:
    labkit.fetch("127.0.0.2", port, timeout=1.0)
    print(L("127.0.0.2 から: 届いた", "from 127.0.0.2: reached"))
except OSError:  # ja: Linux: 接続拒否。macOS など 127.0.0.2 がない OS: 接続できない # en: Linux: refused; macOS and others have no 127.0.0.2: unreachable
    print(L("127.0.0.2 から: 届かない", "from 127.0.0.2: not reached"))
home.stop()

# %% [markdown] id="2-port-scan-which" lang="ja"
# ## 2. ポートスキャン: どのポートが開いているか
#
# 攻撃者はまず、相手のどのポートが接続を受け付けるかを調べます。一番簡単なのは **connect スキャン** で、ポートを 1 つずつ `connect()` してみるだけです。
#
# - 接続できた → そのポートでは誰かが待ち受けている (open)
# - 拒否された (RST が返る) → 誰もいない (closed)
#
# サーバを 2 つ `port=0` で起動し、その周りのポートを調べます。

# %% [markdown] id="2-port-scan-which" lang="en"
# ## 2. A port scan: which ports are open
#
# An attacker first finds which ports accept connections. The simplest way is a **connect scan**: call `connect()` on one port after another.
#
# - connected: something listens there (open)
# - refused (the OS answers with a reset, RST): nobody there (closed)
#
# Start two servers on `port=0` and scan the ports around them:

# %% id="scan-own-servers"
a = labkit.LabServer(port=0).start()
b = labkit.LabServer(port=0).start()
ours = {a.address[1], b.address[1]}

# ja: それぞれのサーバの前後 5 ポートずつ
# en: five ports on each side of each server
wanted = sorted({p + d for p in ours for d in range(-5, 6) if 0 < p + d < 65536})
result = labkit.scan_ports("127.0.0.1", wanted)
print(L("2 つのサーバを見つけた:", "found our two servers:"), ours <= set(result.open))

# %% [markdown] id="note-scans-report-port" lang="ja"
# スキャンの結果です。ポート番号は実行するたびに変わります。
# Jupyter のカーネル自身が使っているポートが見つかることもあります。

# %% [markdown] id="note-scans-report-port" lang="en"
# The scan's report. The port numbers change on every run.
# You may also find ports that the Jupyter kernel itself listens on.

# %% id="scan-result" tags=["nbval-ignore-output"]
result

# %% [markdown] id="note-scan-makes-real" lang="ja"
# スキャンは本物の接続なので、サーバの側には記録が残ります。守る側はログで気づけます。

# %% [markdown] id="note-scan-makes-real" lang="en"
# A scan makes real connections, so it leaves traces on the server: this is how defenders notice scans in their logs.

# %% id="count-accesses"
labkit.wait_until(lambda: a.count >= 1 and b.count >= 1)  # ja: サーバのスレッドが受け付けを記録するまで待つ # en: wait until the server threads have recorded the connections
print(L("サーバ a が数えたアクセス:", "accesses counted by server a:"), a.count)
print(L("サーバ b が数えたアクセス:", "accesses counted by server b:"), b.count)

# %% [markdown] id="note-never-scan-other" lang="ja"
# 他人のコンピュータは調べません。`labkit` はループバック以外のアドレス (ここでは説明用に予約されたアドレス `192.0.2.1`) を、パケットを送る前に拒否します。このセルはわざとエラーになります。

# %% [markdown] id="note-never-scan-other" lang="en"
# Never scan other people's computers. `labkit` refuses any non-loopback target (here `192.0.2.1`, an address reserved for documentation) before any packet leaves. This cell fails on purpose.

# %% id="scan-refused" tags=["raises-exception"]
labkit.scan_ports("192.0.2.1", range(20, 30))

# %% [markdown] id="3-banner-grabbing-servers" lang="ja"
# ## 3. バナーグラビング: サーバの最初のひとこと
#
# 開いているポートを見つけたら、攻撃者は接続して、サーバが最初に送ってくる言葉 (バナー) を読みます。
# 記事のサーバは、接続されるとすぐ `Server accessed.(N)` を送ります。

# %% [markdown] id="3-banner-grabbing-servers" lang="en"
# ## 3. Banner grabbing: a server's first words
#
# Once a port is found open, the attacker connects and reads what the server says first (its banner).
# The article's server speaks first: `Server accessed.(N)`.

# %% id="print-labkit-grab-banner"
print(labkit.grab_banner(*a.address))
print(labkit.grab_banner(*a.address))

# %% [markdown] id="note-what-short-line" lang="ja"
# この短い文から分かること:
#
# - **どんなソフトか**: 決まった文面から、どのプログラム (この記事のサーバ) か分かります。弱点 (`listen(2)`、1 件ずつの処理) も調べられてしまいます。本物のサーバもバナーに名前やバージョンを書くことが多く、古いバージョンは狙われます。
# - **何人来たか**: `(N)` はアクセスの回数です。2 回接続すれば、その間に何人来たか (どれくらい忙しいか) まで分かります。上では、スキャンの 1 回がすでに数えられていました。
# - **誰でも話しかけられる**: 名前もパスワードも聞かずに答えます。
#
# 対策の例: 中身を漏らさない挨拶にするか、クライアントが名乗るまで何も送らないようにします。

# %% [markdown] id="note-what-short-line" lang="en"
# What this short line tells a stranger:
#
# - **which software**: the fixed wording identifies the program (the article's server), and with it its weaknesses (`listen(2)`, one client at a time). Real servers often put their name and version in the banner, and old versions get targeted.
# - **how many visitors came**: `(N)` is the access counter. Two connections tell how many others came in between (how busy the server is). Above, the scan was already counted.
# - **anyone may talk to it**: it answers without asking who you are.
#
# Cures: a greeting that gives nothing away, or saying nothing until the client identifies itself.

# %% id="quiet-server"
def quiet_handler(client, addr):
    client.sendall(b"hello\n")  # ja: 何も漏らさない挨拶 # en: a greeting that gives nothing away

with labkit.LabServer(port=0, handler=quiet_handler) as quiet:
    print(repr(labkit.grab_banner(*quiet.address)))
    print(repr(labkit.grab_banner(*quiet.address)))  # ja: 何回接続しても同じ # en: the same, however often you come

# %% id="stop"
a.stop()
b.stop()

# %% [markdown] id="4-silent-client-freezes" lang="ja"
# ## 4. 黙ったままのクライアントがサーバを止める
#
# 記事のサーバは **1 件ずつ** 処理します。今度は受け取ったものをそのまま返す **エコーサーバ** (`labkit.echo_handler()`) を 1 件ずつ動かします。
# 攻撃者が接続したまま **何も送らない** と、サーバはその相手の `recv()` で待ち続け、次のお客さんの番が来ません。
# カーネルが `accept()` や `recv()` で固まる落とし穴 (落とし穴 2) と同じことが、サーバのスレッドで起きています。
#
# (`client_timeout=None` は「いつまでも待つ」という設定で、記事のサーバと同じです。)

# %% [markdown] id="4-silent-client-freezes" lang="en"
# ## 4. A silent client freezes the server
#
# The article's server serves **one client at a time**. Now run an **echo server** (`labkit.echo_handler()`: it sends back what it receives, as it arrives) one at a time.
# An attacker who connects and **sends nothing** keeps the server waiting in `recv()` for that client, and the next visitor's turn never comes.
# This is pitfall 2 (a kernel frozen in `accept()` or `recv()`), happening in the server's thread.
#
# (`client_timeout=None` means "wait forever", as the article's server does.)

# %% id="silent-client-freezes"
echo = labkit.LabServer(port=0, handler=labkit.echo_handler(), client_timeout=None).start()

silent = socket.create_connection(echo.address)  # ja: 攻撃者: 接続して、何も送らない # en: the attacker: connects, says nothing

try:
    print(labkit.fetch(*echo.address, send="hello", timeout=1.0))
except TimeoutError:
    print(L("普通のクライアント: 1 秒待っても返事がない (TimeoutError)",
            "polite client: no reply within 1 s (TimeoutError)"))

# %% id="silent-close-attacker-leaves"
silent.close()  # ja: 攻撃者が去る # en: the attacker leaves
echo.stop()

# %% [markdown] id="cure-1-timeout" lang="ja"
# ### 対策 1: タイムアウト
#
# サーバが 1 人のクライアントを待つ時間に上限を付けます (`client_timeout=0.5` 秒)。黙ったままの相手は 0.5 秒で切られ、次のクライアントの番が来ます。

# %% [markdown] id="cure-1-timeout" lang="en"
# ### Cure 1: a timeout
#
# Bound how long the server waits for one client (`client_timeout=0.5` seconds). The silent client is dropped after 0.5 s and the next one is served.

# %% id="cure-timeout-code"
with labkit.LabServer(port=0, handler=labkit.echo_handler(), client_timeout=0.5) as echo:
    silent = socket.create_connection(echo.address)
    print(L("普通のクライアント:", "polite client:"), labkit.fetch(*echo.address, send="hello", timeout=3.0))
    silent.close()
    print(L("黙った相手を切断した:",
            "dropped the silent client:"), any("timed out" in line for line in echo.log_lines("error")))

# %% [markdown] id="cure-2-concurrency" lang="ja"
# ### 対策 2: 並行処理
#
# クライアントごとに別のスレッドで処理します (`concurrent=True`)。黙った相手がいても、他のクライアントはすぐに返事をもらえます。
# ただしスレッドの数には限りがあるので (ここでは 16)、黙った相手が 16 人来れば同じことが起きます。タイムアウトと組み合わせます。

# %% [markdown] id="cure-2-concurrency" lang="en"
# ### Cure 2: concurrency
#
# Serve each client in its own worker thread (`concurrent=True`). A silent client no longer holds up the others.
# There are only so many workers (16 here): 16 silent clients would freeze it again, so combine this with a timeout.

# %% id="cure-concurrency-code"
with labkit.LabServer(port=0, handler=labkit.echo_handler(), concurrent=True,
                      client_timeout=None) as echo:
    silent = socket.create_connection(echo.address)
    print(L("普通のクライアント:", "polite client:"), labkit.fetch(*echo.address, send="hello", timeout=1.0))
    silent.close()

# %% [markdown] id="cure-3-input-limit" lang="ja"
# ### 対策 3: 入力の上限
#
# 逆に、ものすごく長いメッセージを送ってくる攻撃者もいます。メッセージを最後まで読んでから返すサーバ (`labkit.reply_after_eof_handler()`) が全部を覚えようとすると、メモリを使い果たします。
# `reply_after_eof_handler(max_bytes=1000)` は 1000 バイトを超えたところで読むのをやめ、理由を返して切断します。

# %% [markdown] id="cure-3-input-limit" lang="en"
# ### Cure 3: an input limit
#
# The opposite attacker sends an endless message. A server that reads the whole message before replying (`labkit.reply_after_eof_handler()`) and keeps everything runs out of memory.
# `reply_after_eof_handler(max_bytes=1000)` stops reading past 1000 bytes, says why, and closes.

# %% id="cure-input-limit-code"
with labkit.LabServer(port=0, handler=labkit.reply_after_eof_handler(max_bytes=1000)) as echo:
    print(labkit.fetch(*echo.address, send="x" * 100_000, timeout=3.0))
    print(labkit.fetch(*echo.address, send="hello", timeout=3.0))

# %% [markdown] id="5-shared-machine" lang="ja"
# ## 5. 共有マシンでは 127.0.0.1 は自分だけのものではない
#
# 1 で `127.0.0.1` なら「このパソコンの中から」しか接続できないと分かりました。
# でも JupyterHub (The Littlest JupyterHub など) のように、クラス全員のカーネルが **1 台のマシン** で動いていたら?
# そのマシンの中には他の生徒のプログラムもあります。`127.0.0.1` は自分だけのものではありません。
#
# ここでは、このノートブックから 2 つ目のカーネルを起動して「隣の生徒」にします (`jupyter_client` の公開 API)。
# 隣の生徒は、あなたとは別の Jupyter ランタイムディレクトリを持つ、別の生徒です
# (同じ OS ユーザーで全員を動かすハブと同じ状態です)。最後に止めます。

# %% [markdown] id="5-shared-machine" lang="en"
# ## 5. On a shared machine, 127.0.0.1 is not private
#
# Part 1 showed that on `127.0.0.1` only programs "inside this computer" can connect.
# But on a JupyterHub such as The Littlest JupyterHub, the whole class's kernels run on **one machine**.
# Inside that machine are the other students' programs too: `127.0.0.1` is not yours alone.
#
# Here this notebook starts a second kernel to play "the student next to you" (with `jupyter_client`'s public API).
# The neighbour is another student: a Jupyter runtime directory of their own
# (as on a hub that runs everyone as one OS user). It is stopped at the end.

# %% id="start-neighbour"
# ja: 隣の生徒のカーネル: 別の Jupyter ランタイムディレクトリを持つ、別の生徒
# en: The neighbour's kernel: another student, with a Jupyter runtime directory of their own
neighbour_env = dict(os.environ, JUPYTER_RUNTIME_DIR=tempfile.mkdtemp(prefix="neighbour-"))
neighbour_kernel = KernelManager(kernel_name="python3")
# ja: 隣のカーネルの起動時の警告がこのセルに出ないように、その stderr は捨てる
# en: Drop the neighbour kernel's stderr, or its start-up warnings would land in this cell
neighbour_kernel.start_kernel(env=neighbour_env, stderr=subprocess.DEVNULL)
neighbour = neighbour_kernel.client()
neighbour.start_channels()
neighbour.wait_for_ready(timeout=60)


def in_neighbour(code):
    """Run code in the neighbour's kernel and return what it printed (or its error)."""
    printed = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            printed.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            printed.append(f"{msg['content']['ename']}: {msg['content']['evalue']}\n")

    neighbour.execute_interactive(code, timeout=60, output_hook=keep)
    return "".join(printed)


in_neighbour(f"import labkit; labkit.set_language({labkit.get_language()!r})")
print(L("隣の生徒のカーネルを起動しました", "the neighbour's kernel is running"))

# %% [markdown] id="neighbour-connects" lang="ja"
# あなたのサーバを起動し、隣の生徒のプログラムから接続してもらいます。
# ここではポートを OS に選ばせて番号を隣に教えますが、本物のハブなら隣の生徒は記事の 49152 を試すだけです。
# 隣の生徒はわざと他人に接続するので `allow_foreign=True` を付けています (付けないと `labkit.fetch` は止めます。次のセル)。

# %% [markdown] id="neighbour-connects" lang="en"
# Start your server, and let the neighbour's program connect to it.
# Here the OS picks the port and we tell the neighbour; on a real hub the neighbour just tries the article's 49152.
# The neighbour connects to someone else on purpose, hence `allow_foreign=True` (without it `labkit.fetch` refuses: next cell).

# %% id="neighbour-connects-code"
mine = labkit.LabServer(port=0).start()  # ja: あなたのサーバ # en: your server
PORT = mine.address[1]

print(L("隣の生徒が受け取ったもの:", "the neighbour received:"),
      in_neighbour(f"print(labkit.fetch('127.0.0.1', {PORT}, allow_foreign=True))"), end="")
print(L("あなたのサーバへのアクセス回数:", "accesses to your server:"), mine.count)

# %% [markdown] id="kit-refuses-foreign" lang="ja"
# 逆向きも起こります。隣の生徒のサーバに、あなたが自分のサーバのつもりで接続してしまうことです
# (2 人とも 49152 を使おうとしたとき)。返事は自分のサーバからのものに見えるので、これが一番気づきにくい間違いです。
# `labkit.fetch` は、接続先で待ち受けているのが他のユーザーのサーバだと分かると、何も送らずに止め、そう伝えます。

# %% [markdown] id="kit-refuses-foreign" lang="en"
# It happens the other way round too: you connect to the neighbour's server, thinking it is yours
# (when both of you try 49152). The reply looks like your own server's, so this is the hardest mistake to notice.
# When `labkit.fetch` finds that someone else's server listens there, it stops before sending anything, and says so.

# %% id="kit-refuses-foreign-code"
NEIGHBOUR_PORT = int(in_neighbour("theirs = labkit.LabServer(port=0).start(); print(theirs.address[1])"))
try:
    labkit.fetch("127.0.0.1", NEIGHBOUR_PORT)
except labkit.ForeignServerError as error:
    print(type(error).__name__ + ":", error)

# %% [markdown] id="cures-shared" lang="ja"
# ### 3 つの対策と、それぞれが防ぐもの
#
# | 対策 | 防げること | 防げないこと |
# |---|---|---|
# | **推測されにくい、自分専用のポート** (`port=0`、`labkit.student_port()`) | 偶然のぶつかり合い、49152 だけを試す人 | 待ち受けているポートの一覧はマシンの誰でも見られる (Linux の `/proc/net/tcp`、`ss -ltn`)。スキャンもすぐ終わる |
# | **プロトコルの中の合言葉 (トークン)** | 合言葉を知らないプログラム。合言葉は自分だけが読めるファイルに置く | マシンの管理者 (root)。合言葉をノートブックに書いて共有してしまうこと |
# | **Unix ドメインソケット** (`AF_UNIX`、OS にあれば) | 他の OS ユーザー: ファイルの権限で OS が接続そのものを断る | root。同じ OS ユーザーで動く他のプログラム (全員を 1 つの OS ユーザーで動かすハブでは効かない) |
#
# まず、一覧が誰にでも見えることを隣の生徒のカーネルで確かめます。

# %% [markdown] id="cures-shared" lang="en"
# ### Three cures, and what each protects against
#
# | cure | protects against | does not protect against |
# |---|---|---|
# | **a port of your own that is hard to guess** (`port=0`, `labkit.student_port()`) | accidental collisions, someone who only tries 49152 | anyone on the machine can list the listening ports (`/proc/net/tcp` on Linux, `ss -ltn`), and a scan is quick |
# | **a token in the protocol** | any program that does not know the token; keep it in a file only you can read | the machine's administrator (root); a token pasted into a shared notebook |
# | **a Unix domain socket** (`AF_UNIX`, where the OS has one) | other OS users: the OS refuses the connection itself, by the file's permissions | root; other programs of the same OS user (so not on a hub that runs everyone as one OS user) |
#
# First, check from the neighbour's kernel that the list is visible to anyone.

# %% id="ports-are-listed"
print(L("隣の生徒から、あなたの待ち受けポートが見える:", "the neighbour can see your listening port:"),
      in_neighbour(f"""
import psutil
listening = {{c.laddr.port for c in psutil.net_connections("tcp") if c.status == "LISTEN"}}
print({PORT} in listening)"""), end="")

# %% [markdown] id="token-cure" lang="ja"
# 次は合言葉です。サーバは最初の 1 行を読み、合言葉と一致したときだけ答えます
# (`hmac.compare_digest` は比較にかかる時間から合言葉を推測されないようにする比較です)。

# %% [markdown] id="token-cure" lang="en"
# Next, a token. The server reads the first line and answers only when it matches
# (`hmac.compare_digest` compares in a time that does not give the token away).

# %% id="token-cure-code"
TOKEN = secrets.token_hex(16)  # ja: 自分だけが知る合言葉 # en: a secret only you know


def handle_with_token(client, addr):
    given = labkit.recv_line(client, max_bytes=100) or ""
    if hmac.compare_digest(given.encode(), TOKEN.encode()):
        client.sendall(b"Server accessed (token OK)")
    else:
        client.sendall(b"wrong token")


with labkit.LabServer(port=0, handler=handle_with_token) as guarded:
    port = guarded.address[1]
    print(L("あなた:", "you:"), labkit.fetch("127.0.0.1", port, send=TOKEN + "\n"))
    print(L("隣の生徒:", "the neighbour:"),
          in_neighbour(f"print(labkit.fetch('127.0.0.1', {port}, send='49152\\n', allow_foreign=True))"),
          end="")

# %% [markdown] id="unix-socket-cure" lang="ja"
# 最後に Unix ドメインソケットです。アドレスはポート番号ではなくファイルの名前で、
# 自分だけが入れるフォルダ (`rwx------`) に置けば、他の OS ユーザーは接続できません。
# Windows の古い Python など `AF_UNIX` のない OS では、このセルはそう表示するだけです。

# %% [markdown] id="unix-socket-cure" lang="en"
# Last, a Unix domain socket. Its address is a file name, not a port number;
# inside a folder only you may enter (`rwx------`), other OS users cannot connect.
# Where the OS has no `AF_UNIX` (older Pythons on Windows), this cell only says so.

# %% id="unix-socket-cure-code"
if hasattr(socket, "AF_UNIX"):
    folder = tempfile.mkdtemp()  # ja: 作った人だけが入れるフォルダ # en: only its creator may enter
    path = os.path.join(folder, "lab.sock")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix_server:
        unix_server.bind(path)
        unix_server.listen(2)
        print(L("フォルダの権限:", "folder permissions:"), stat.filemode(os.stat(folder).st_mode))
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix_client:
            unix_client.connect(path)
            client, _ = unix_server.accept()
            client.sendall(b"Server accessed.(1)")
            client.close()
            print(L("受信:", "received:"), unix_client.recv(4096).decode())
    os.remove(path)
    os.rmdir(folder)
else:
    print(L("この OS には AF_UNIX がありません", "this OS has no AF_UNIX"))

# %% id="stop-neighbour"
# ja: 隣の生徒のカーネルとあなたのサーバを止める
# en: Stop the neighbour's kernel and your server
neighbour.stop_channels()
neighbour_kernel.shutdown_kernel(now=True)
mine.stop()
print(L("隣の生徒のカーネルは動いている?", "is the neighbour's kernel alive?"), neighbour_kernel.is_alive())

# %% [markdown] id="summary" lang="ja"
# ## まとめ
#
# | 攻撃者がすること | 分かること・起きること | 守り方 |
# |---|---|---|
# | `0.0.0.0` のサーバに外から接続 | 誰でも接続できる | `127.0.0.1` で待ち受ける (`labkit` の既定) |
# | ポートスキャン | どのポートが開いているか | 不要なサーバは止める。ログを見る |
# | バナーグラビング | ソフトの種類、アクセス数 | 中身を漏らさない挨拶 |
# | 接続して黙る | 1 件ずつのサーバが止まる | タイムアウト、並行処理 |
# | 長すぎるメッセージ | メモリを使い果たす | 入力の上限 (`max_bytes`) |
# | 同じマシンの別のユーザーが 127.0.0.1 に接続 | あなたのサーバに届く。あなたも他人のサーバを自分のものと間違える | 自分専用のポート、合言葉、Unix ドメインソケット。`labkit.fetch` は他人のサーバだと伝える |
#
# 次のノートブック 08 では、やりとりを図にして、ソケットの状態の変化を見ます。

# %% [markdown] id="summary" lang="en"
# ## Summary
#
# | the attacker | learns or causes | the defence |
# |---|---|---|
# | connects to a server on `0.0.0.0` from outside | anyone can connect | listen on `127.0.0.1` (labkit's default) |
# | scans ports | which ports are open | stop servers you do not need; read the logs |
# | grabs the banner | the software, the number of visitors | a greeting that gives nothing away |
# | connects and stays silent | a one-at-a-time server freezes | timeouts, concurrency |
# | sends an endless message | memory runs out | an input limit (`max_bytes`) |
# | another user of the same machine connects to 127.0.0.1 | reaches your server; and you may take their server for yours | a port of your own, a token, a Unix domain socket; `labkit.fetch` says when a server is not yours |
#
# Next, notebook 08 draws the exchange and shows how the sockets' states change.

# %% id="stop-all" tags=["nbval-ignore-output"]
labkit.stop_all()  # stop every server this notebook started
